package io.renku.search.solr;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * A data connector: in a user's, group's or project's namespace, or global ({@code namespacePath}
 * null, path = slug). Unlike projects it is not a namespace.
 */
public record DataConnectorDocument(
    String id,
    String slug,
    String name,
    String namespacePath,
    String storageType,
    boolean readonly,
    Visibility visibility,
    String createdBy,
    Instant creationDate,
    String description,
    List<String> keywords,
    String doi,
    String publisherName,
    Members members)
    implements SearchDocument {
  public DataConnectorDocument {
    creationDate = creationDate.truncatedTo(ChronoUnit.SECONDS);
    keywords = keywords == null ? List.of() : keywords.stream().sorted().toList();
    members = members == null ? Members.NONE : members;
  }

  @Override
  public EntityType type() {
    return EntityType.DATA_CONNECTOR;
  }

  @Override
  public String path() {
    return SolrDocs.join(namespacePath, slug);
  }

  @Override
  public SolrInputDocument toSolr() {
    SolrInputDocument doc = SolrDocs.base(this);
    doc.setField(SolrFields.SLUG, slug);
    doc.setField(SolrFields.NAME, name);
    SolrDocs.putIfPresent(doc, SolrFields.NAMESPACE_PATH, namespacePath);
    doc.setField(SolrFields.STORAGE_TYPE, storageType);
    doc.setField(SolrFields.READONLY, readonly);
    doc.setField(SolrFields.CREATED_BY, createdBy);
    doc.setField(SolrFields.CREATION_DATE, SolrDocs.date(creationDate));
    SolrDocs.putIfPresent(doc, SolrFields.DESCRIPTION, description);
    SolrDocs.putList(doc, SolrFields.KEYWORDS, keywords);
    SolrDocs.putIfPresent(doc, SolrFields.DOI, doi);
    SolrDocs.putIfPresent(doc, SolrFields.PUBLISHER_NAME, publisherName);
    doc.setField(SolrFields.IS_NAMESPACE, false);
    return doc;
  }

  static DataConnectorDocument fromSolr(SolrDocument doc) {
    return new DataConnectorDocument(
        SolrDocs.string(doc, SolrFields.ID),
        SolrDocs.string(doc, SolrFields.SLUG),
        SolrDocs.string(doc, SolrFields.NAME),
        SolrDocs.string(doc, SolrFields.NAMESPACE_PATH),
        SolrDocs.string(doc, SolrFields.STORAGE_TYPE),
        SolrDocs.bool(doc, SolrFields.READONLY),
        Visibility.fromSolr(SolrDocs.string(doc, SolrFields.VISIBILITY)),
        SolrDocs.string(doc, SolrFields.CREATED_BY),
        SolrDocs.instant(doc, SolrFields.CREATION_DATE),
        SolrDocs.string(doc, SolrFields.DESCRIPTION),
        SolrDocs.strings(doc, SolrFields.KEYWORDS),
        SolrDocs.string(doc, SolrFields.DOI),
        SolrDocs.string(doc, SolrFields.PUBLISHER_NAME),
        Members.read(doc));
  }
}

package io.renku.search.solr;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/** A project in a user's or group's namespace; keywords are kept sorted, as the original does. */
public record ProjectDocument(
    String id,
    String slug,
    String name,
    String namespacePath,
    Visibility visibility,
    String createdBy,
    Instant creationDate,
    List<String> repositories,
    String description,
    List<String> keywords,
    Members members)
    implements SearchDocument {
  public ProjectDocument {
    creationDate = creationDate.truncatedTo(ChronoUnit.SECONDS);
    repositories = repositories == null ? List.of() : List.copyOf(repositories);
    keywords = keywords == null ? List.of() : keywords.stream().sorted().toList();
    members = members == null ? Members.NONE : members;
  }

  @Override
  public EntityType type() {
    return EntityType.PROJECT;
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
    doc.setField(SolrFields.NAMESPACE_PATH, namespacePath);
    doc.setField(SolrFields.CREATED_BY, createdBy);
    doc.setField(SolrFields.CREATION_DATE, SolrDocs.date(creationDate));
    SolrDocs.putList(doc, SolrFields.REPOSITORIES, repositories);
    SolrDocs.putIfPresent(doc, SolrFields.DESCRIPTION, description);
    SolrDocs.putList(doc, SolrFields.KEYWORDS, keywords);
    doc.setField(SolrFields.IS_NAMESPACE, true);
    return doc;
  }

  static ProjectDocument fromSolr(SolrDocument doc) {
    return new ProjectDocument(
        SolrDocs.string(doc, SolrFields.ID),
        SolrDocs.string(doc, SolrFields.SLUG),
        SolrDocs.string(doc, SolrFields.NAME),
        SolrDocs.string(doc, SolrFields.NAMESPACE_PATH),
        Visibility.fromSolr(SolrDocs.string(doc, SolrFields.VISIBILITY)),
        SolrDocs.string(doc, SolrFields.CREATED_BY),
        SolrDocs.instant(doc, SolrFields.CREATION_DATE),
        SolrDocs.strings(doc, SolrFields.REPOSITORIES),
        SolrDocs.string(doc, SolrFields.DESCRIPTION),
        SolrDocs.strings(doc, SolrFields.KEYWORDS),
        Members.read(doc));
  }
}

package io.renku.search.solr;

import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * A group: public (as in the original), a namespace whose path is its slug; its members are kept so
 * that {@code role:} and member terms can match groups too.
 */
public record GroupDocument(
    String id, String slug, String name, String description, Members members)
    implements SearchDocument {
  public GroupDocument {
    members = members == null ? Members.NONE : members;
  }

  @Override
  public EntityType type() {
    return EntityType.GROUP;
  }

  @Override
  public String path() {
    return slug;
  }

  @Override
  public Visibility visibility() {
    return Visibility.PUBLIC;
  }

  @Override
  public SolrInputDocument toSolr() {
    SolrInputDocument doc = SolrDocs.base(this);
    doc.setField(SolrFields.SLUG, slug);
    doc.setField(SolrFields.NAME, name);
    SolrDocs.putIfPresent(doc, SolrFields.DESCRIPTION, description);
    doc.setField(SolrFields.IS_NAMESPACE, true);
    return doc;
  }

  static GroupDocument fromSolr(SolrDocument doc) {
    return new GroupDocument(
        SolrDocs.string(doc, SolrFields.ID),
        SolrDocs.string(doc, SolrFields.SLUG),
        SolrDocs.string(doc, SolrFields.NAME),
        SolrDocs.string(doc, SolrFields.DESCRIPTION),
        Members.read(doc));
  }
}

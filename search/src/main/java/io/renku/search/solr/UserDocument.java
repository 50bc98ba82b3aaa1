package io.renku.search.solr;

import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/** A user: always public, a namespace whose path is its slug. */
public record UserDocument(String id, String slug, String firstName, String lastName)
    implements SearchDocument {
  @Override
  public EntityType type() {
    return EntityType.USER;
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
  public Members members() {
    return Members.NONE;
  }

  @Override
  public SolrInputDocument toSolr() {
    SolrInputDocument doc = SolrDocs.base(this);
    doc.setField(SolrFields.SLUG, slug);
    SolrDocs.putIfPresent(doc, SolrFields.FIRST_NAME, firstName);
    SolrDocs.putIfPresent(doc, SolrFields.LAST_NAME, lastName);
    doc.setField(SolrFields.IS_NAMESPACE, true);
    return doc;
  }

  static UserDocument fromSolr(SolrDocument doc) {
    return new UserDocument(
        SolrDocs.string(doc, SolrFields.ID),
        SolrDocs.string(doc, SolrFields.SLUG),
        SolrDocs.string(doc, SolrFields.FIRST_NAME),
        SolrDocs.string(doc, SolrFields.LAST_NAME));
  }
}

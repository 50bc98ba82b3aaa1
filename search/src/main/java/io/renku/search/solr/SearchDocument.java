package io.renku.search.solr;

import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/** A document of the search index: one user, group, project or data connector. */
public sealed interface SearchDocument
    permits UserDocument, GroupDocument, ProjectDocument, DataConnectorDocument {
  String id();

  EntityType type();

  /** The path the entity is reached by: a namespace's slug, or {@code namespace/slug}. */
  String path();

  Visibility visibility();

  Members members();

  /** The document as Solr stores it. */
  SolrInputDocument toSolr();

  /** Reads a stored document back; its {@code _type} says which record. */
  static SearchDocument fromSolr(SolrDocument doc) {
    return switch (EntityType.fromSolr(SolrDocs.string(doc, SolrFields.TYPE))) {
      case USER -> UserDocument.fromSolr(doc);
      case GROUP -> GroupDocument.fromSolr(doc);
      case PROJECT -> ProjectDocument.fromSolr(doc);
      case DATA_CONNECTOR -> DataConnectorDocument.fromSolr(doc);
    };
  }
}

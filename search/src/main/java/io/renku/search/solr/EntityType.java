package io.renku.search.solr;

/** The kinds of search documents, with their {@code _type} value in Solr. */
public enum EntityType {
  PROJECT("Project"),
  USER("User"),
  GROUP("Group"),
  DATA_CONNECTOR("DataConnector");

  private final String solrName;

  EntityType(String solrName) {
    this.solrName = solrName;
  }

  public String solrName() {
    return solrName;
  }

  public static EntityType fromSolr(String value) {
    for (EntityType t : values()) {
      if (t.solrName.equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown search document type: " + value);
  }
}

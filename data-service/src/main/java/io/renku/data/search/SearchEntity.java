package io.renku.data.search;

/** The kinds of search documents, as {@code search.outbox.entity_type} names them. */
public enum SearchEntity {
  USER("user"),
  GROUP("group"),
  PROJECT("project"),
  DATA_CONNECTOR("data_connector");

  private final String value;

  SearchEntity(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}

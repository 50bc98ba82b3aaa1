package io.renku.data.tasks;

import io.renku.search.solr.EntityType;

/** The {@code entity_type} values of {@code search.outbox} and the documents they become. */
public enum OutboxEntity {
  USER("user", EntityType.USER),
  GROUP("group", EntityType.GROUP),
  PROJECT("project", EntityType.PROJECT),
  DATA_CONNECTOR("data_connector", EntityType.DATA_CONNECTOR);

  private final String column;
  private final EntityType documentType;

  OutboxEntity(String column, EntityType documentType) {
    this.column = column;
    this.documentType = documentType;
  }

  public String column() {
    return column;
  }

  public EntityType documentType() {
    return documentType;
  }

  public static OutboxEntity fromColumn(String value) {
    for (OutboxEntity e : values()) {
      if (e.column.equals(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown outbox entity type: " + value);
  }
}

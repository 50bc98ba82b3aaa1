package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of data source; only rclone exists. */
public enum DataSourceType {
  @JsonProperty("rclone")
  RCLONE;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return DataSourceType.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

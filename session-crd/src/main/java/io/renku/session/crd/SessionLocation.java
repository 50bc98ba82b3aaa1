package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the session process runs. */
public enum SessionLocation {
  @JsonProperty("local")
  LOCAL,

  @JsonProperty("remote")
  REMOTE;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return SessionLocation.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

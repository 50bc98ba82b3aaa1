package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When spec changes are applied to the children of an existing session. */
public enum ReconcileStrategy {
  @JsonProperty("never")
  NEVER,

  @JsonProperty("always")
  ALWAYS,

  @JsonProperty("whenFailedOrHibernated")
  WHEN_FAILED_OR_HIBERNATED;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return ReconcileStrategy.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

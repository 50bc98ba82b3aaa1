package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The readiness probe of the session container. */
public enum ReadinessProbeType {
  @JsonProperty("none")
  NONE,

  @JsonProperty("tcp")
  TCP,

  @JsonProperty("http")
  HTTP;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return ReadinessProbeType.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Interactive sessions get an ingress and authentication; non-interactive ones run as a job. */
public enum SessionType {
  @JsonProperty("Interactive")
  INTERACTIVE,

  @JsonProperty("NonInteractive")
  NON_INTERACTIVE;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return SessionType.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

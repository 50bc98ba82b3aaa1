package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The overall state of a session (`status.state`). RunningDegraded is in the original's enum but
 * never set.
 */
public enum SessionState {
  @JsonProperty("Running")
  RUNNING,

  @JsonProperty("Failed")
  FAILED,

  @JsonProperty("Hibernated")
  HIBERNATED,

  @JsonProperty("NotReady")
  NOT_READY,

  @JsonProperty("RunningDegraded")
  RUNNING_DEGRADED,

  @JsonProperty("Succeeded")
  SUCCEEDED;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return SessionState.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

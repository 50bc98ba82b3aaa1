package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of code repository; only git exists. */
public enum CodeRepositoryType {
  @JsonProperty("git")
  GIT;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return CodeRepositoryType.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The authentication proxy in front of the session. */
public enum AuthenticationType {
  @JsonProperty("token")
  TOKEN,

  @JsonProperty("oauth2proxy")
  OAUTH2PROXY,

  @JsonProperty("oidc")
  OIDC;

  /** The value as written in the resource. */
  public String wireName() {
    try {
      return AuthenticationType.class.getField(name()).getAnnotation(JsonProperty.class).value();
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A whole Kubernetes secret (the key matters only for some uses). An adopted secret is deleted with
 * the session.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionSecretRef(
    @Required String name,
    String key,
    @JsonPropertyDescription("Delete the secret when the session is deleted.") boolean adopt) {

  public static SessionSecretRef of(String name, String key) {
    return new SessionSecretRef(name, key, false);
  }
}

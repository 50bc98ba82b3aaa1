package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/**
 * The authentication proxy in front of the session. For {@code token} the key of {@code secretRef}
 * holds {@code authproxy: {token, cookie_key, verbose}}; for {@code oauth2proxy} an oauth2-proxy
 * configuration file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Authentication(
    @Default("true")
        @JsonPropertyDescription(
            "Whether the authentication proxy runs; false routes straight to the session.")
        Boolean enabled,
    @Required AuthenticationType type,
    @Required @JsonPropertyDescription("The secret with the proxy configuration.")
        SessionSecretRef secretRef,
    @JsonPropertyDescription("Additional volume mounts of the authentication container.")
        List<VolumeMount> extraVolumeMounts) {

  public static Authentication of(AuthenticationType type, SessionSecretRef secretRef) {
    return new Authentication(true, type, secretRef, null);
  }

  /**
   * Whether authentication is on: absent means on (the CRD's default). Not named {@code isEnabled}:
   * Jackson would take that for the getter of {@code enabled} and its {@code @JsonIgnore} would
   * drop the field from the JSON and from the generated CRD.
   */
  @JsonIgnore
  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }
}

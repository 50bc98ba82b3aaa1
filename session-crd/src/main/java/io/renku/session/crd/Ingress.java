package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Routing to the session: one Ingress rule for {@code host} and {@code pathPrefix}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ingress(
    Map<String, String> annotations,
    String ingressClassName,
    @Required @ValidationRule(value = "self == oldSelf", message = "Host is immutable") String host,
    @JsonPropertyDescription("The TLS secret of the ingress.") SessionSecretRef tlsSecret,
    @Default("/") String pathPrefix,
    @JsonProperty("useDefaultClusterTLSCert")
        @Default("false")
        @JsonPropertyDescription(
            "Sets tls to [{}] so that the ingress controller uses its default certificate.")
        Boolean useDefaultClusterTLSCert,
    @Default("false") @JsonPropertyDescription("Report https URLs without TLS on the ingress.")
        Boolean assumeHttps) {

  // Explicit accessor: keeps the validation rule from being written twice into the CRD.
  public String host() {
    return host;
  }

  public static Ingress of(String host, String pathPrefix) {
    return new Ingress(null, null, host, null, pathPrefix, null, null);
  }

  @JsonIgnore
  public String pathPrefixOrDefault() {
    return pathPrefix == null || pathPrefix.isEmpty() ? "/" : pathPrefix;
  }

  /** Whether the session is served over https through this ingress. */
  @JsonIgnore
  public boolean isHttps() {
    return (tlsSecret != null && tlsSecret.name() != null && !tlsSecret.name().isEmpty())
        || Boolean.TRUE.equals(useDefaultClusterTLSCert)
        || Boolean.TRUE.equals(assumeHttps);
  }
}

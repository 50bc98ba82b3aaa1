package io.renku.data.session.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where and how the {@link KubernetesRuntime} creates sessions: the parts of the original's
 * notebooks configuration ({@code NB_SESSIONS__*}) that end up in an {@code AmaltheaSession}.
 *
 * @param namespace the namespace of the sessions
 * @param ingressHost the public host of the session ingresses (the platform's own host, so that the
 *     browser sends the platform's cookies there, as in the original)
 * @param ingressClassName the ingress class, or null for the {@code kubernetes.io/ingress.class}
 *     annotation or the cluster's default
 * @param ingressAnnotations annotations of every session ingress
 * @param tlsSecret the TLS secret of the ingresses, or null
 * @param useDefaultClusterTlsCert whether the ingress asks for the cluster's default certificate
 * @param storageClass the storage class of the session volumes, or null for the default
 * @param cpuLimitFactor CPU limit = request × this when at least 1; otherwise no CPU limit
 * @param serviceAccountName the service account of session pods, or null
 * @param imagePullSecrets secrets (in the namespace) for pulling session images, not adopted
 * @param culling the culling limits the operator applies
 * @param oidc the OpenID Connect client the sessions of logged-in users log in with
 * @param anonymousCookie the gateway's cookie whose value is an anonymous visitor's id: the
 *     credential a visitor's session checks
 */
public record KubernetesSettings(
    String namespace,
    String ingressHost,
    String ingressClassName,
    Map<String, String> ingressAnnotations,
    String tlsSecret,
    boolean useDefaultClusterTlsCert,
    String storageClass,
    double cpuLimitFactor,
    String serviceAccountName,
    List<String> imagePullSecrets,
    Culling culling,
    Oidc oidc,
    String anonymousCookie) {

  /** The gateway's cookie for anonymous visitors (the gateway's {@code IdentityRelayFilter}). */
  public static final String ANONYMOUS_COOKIE = "_renku_anon";

  public KubernetesSettings {
    ingressAnnotations = ingressAnnotations == null ? Map.of() : Map.copyOf(ingressAnnotations);
    imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
    culling = culling == null ? Culling.DEFAULTS : culling;
    oidc = oidc == null ? Oidc.NONE : oidc;
    anonymousCookie =
        anonymousCookie == null || anonymousCookie.isBlank() ? ANONYMOUS_COOKIE : anonymousCookie;
  }

  /** The few settings the first version had; everything else at its default. */
  public KubernetesSettings(
      String namespace,
      String ingressHost,
      String ingressClassName,
      String tlsSecret,
      String storageClass,
      double cpuLimitFactor) {
    this(
        namespace,
        ingressHost,
        ingressClassName,
        Map.of(),
        tlsSecret,
        false,
        storageClass,
        cpuLimitFactor,
        null,
        List.of(),
        Culling.DEFAULTS,
        Oidc.NONE,
        ANONYMOUS_COOKIE);
  }

  /** {@code https} when the ingress has a certificate, as the original's session URLs. */
  public String scheme() {
    return (tlsSecret != null && !tlsSecret.isBlank()) || useDefaultClusterTlsCert
        ? "https"
        : "http";
  }

  /**
   * The culling limits (the original's {@code NB_SESSIONS__CULLING__REGISTERED__*}); zero means
   * never.
   *
   * @param maxAge how long a session may run at most
   * @param failed how long a failed session is kept running before it is paused
   * @param pending how long a session may take to start
   * @param idle idle time before a pause, when the resource pool sets none
   * @param hibernated how long a paused session is kept, when the resource pool sets none
   */
  public record Culling(
      Duration maxAge, Duration failed, Duration pending, Duration idle, Duration hibernated) {
    public static final Culling DEFAULTS =
        new Culling(
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(86400),
            Duration.ofSeconds(86400));

    public Culling {
      maxAge = maxAge == null ? Duration.ZERO : maxAge;
      failed = failed == null ? Duration.ZERO : failed;
      pending = pending == null ? Duration.ZERO : pending;
      idle = idle == null ? DEFAULTS.idle : idle;
      hibernated = hibernated == null ? DEFAULTS.hibernated : hibernated;
    }
  }

  /**
   * The OpenID Connect client of the sessions' oauth2-proxy (the original's {@code
   * NB_SESSIONS__OIDC__*}).
   *
   * @param issuerUrl the issuer (the platform's realm)
   * @param clientId the client, {@code renku-jupyterserver} in the original's realm
   * @param clientSecret its secret
   * @param allowUnverifiedEmail whether an unverified e-mail address may log in
   */
  public record Oidc(
      String issuerUrl, String clientId, String clientSecret, boolean allowUnverifiedEmail) {
    public static final Oidc NONE = new Oidc(null, "renku-jupyterserver", null, false);

    /** Whether logged-in users' sessions can be given a login. */
    public boolean configured() {
      return issuerUrl != null
          && !issuerUrl.isBlank()
          && clientSecret != null
          && !clientSecret.isBlank();
    }

    @Override
    public String toString() { // the client secret stays out of logs
      return "Oidc[" + issuerUrl + ", " + clientId + "]";
    }
  }
}

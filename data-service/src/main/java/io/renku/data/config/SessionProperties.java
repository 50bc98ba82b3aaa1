package io.renku.data.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sessions, bound from {@code renku.sessions.*}.
 *
 * @param runtime where sessions run: {@code container} (containers of this machine's podman),
 *     {@code process} (processes on this machine; {@code local} is its older name), both proxied by
 *     the gateway, or {@code kubernetes}
 * @param localRoot where the local runtime keeps each session's files and output (default: {@code
 *     renku-sessions} in the temporary directory)
 * @param startTimeout how long a session may take to answer before it counts as failed
 * @param reservedPorts host ports sessions are never given (local mode: the gateway's own port,
 *     bound only after the sessions kept from the last run have been restarted)
 * @param publicUrl the platform's public address, used in the sessions' {@code url}; empty gives
 *     relative URLs
 * @param internalToken the secret the gateway presents when it asks where a session runs; empty
 *     turns that endpoint off
 * @param cullInterval how often idle, paused and lost sessions are looked after
 * @param maxAge the longest a session may run before it is paused, or null for no limit
 * @param defaultEnvironment whether a Jupyter environment is created at the first start
 * @param kubernetes where sessions go with the {@code kubernetes} runtime
 * @param container the {@code container} runtime's settings
 * @param maxPerUser how many sessions one caller (user or anonymous visitor) may have running or
 *     starting at once; 0 for no limit
 * @param maxAnonymous how many sessions anonymous visitors may have on the platform together,
 *     running or paused (each new anonymous cookie is a new visitor, so the per-caller limit alone
 *     does not bound them); 0 for no limit
 * @param anonymousIdle the longest an anonymous visitor's session may stay idle before it is
 *     paused, whatever its pool allows
 * @param anonymousHibernation the longest an anonymous visitor's paused session is kept, whatever
 *     its pool allows
 */
@ConfigurationProperties("renku.sessions")
public record SessionProperties(
    @DefaultValue("local") String runtime,
    @DefaultValue("") String localRoot,
    @DefaultValue("10m") Duration startTimeout,
    @DefaultValue("") String publicUrl,
    @DefaultValue("") String internalToken,
    @DefaultValue("15s") Duration cullInterval,
    Duration maxAge,
    @DefaultValue("true") boolean defaultEnvironment,
    @DefaultValue Kubernetes kubernetes,
    @DefaultValue Container container,
    @DefaultValue("5") int maxPerUser,
    @DefaultValue("10") int maxAnonymous,
    @DefaultValue("30m") Duration anonymousIdle,
    @DefaultValue("1h") Duration anonymousHibernation,
    java.util.List<Integer> reservedPorts) {

  /** Whether sessions run on this machine (as processes or containers) behind the gateway. */
  public boolean onThisMachine() {
    return processRuntime() || "container".equals(runtime);
  }

  /** Whether sessions run as bare processes on this machine. */
  public boolean processRuntime() {
    return "local".equals(runtime) || "process".equals(runtime);
  }

  /**
   * The {@code container} runtime's settings.
   *
   * @param defaultImage the image of the default Jupyter environment (built on this machine by the
   *     launcher); empty keeps the environment's image as it is
   * @param pullTimeout how long pulling a missing image may take
   * @param allowPrivateRepositoryHosts whether repositories on loopback or private addresses are
   *     cloned into sessions (one machine whose users serve repositories there); off, a URL that
   *     resolves there is refused
   * @param cpuLimitFactor CPU limit = the class's CPU × this; 0 for none (the class's CPU is then
   *     the session's weight when CPUs are contended, as a Kubernetes request)
   */
  public record Container(
      @DefaultValue("") String defaultImage,
      @DefaultValue("5m") Duration pullTimeout,
      @DefaultValue("false") boolean allowPrivateRepositoryHosts,
      @DefaultValue("0") double cpuLimitFactor) {}

  /**
   * The {@code kubernetes} runtime's settings (the original's {@code NB_SESSIONS__*}; see {@code
   * session/runtime/KubernetesSettings}).
   *
   * @param masterUrl the API server; blank uses the in-cluster account or {@code ~/.kube/config}
   * @param namespace the namespace of the sessions
   * @param ingressHost the public host of session ingresses: the platform's own host
   * @param ingressClassName the ingress class, or null
   * @param ingressAnnotations annotations of every session ingress
   * @param tlsSecret the TLS secret of the session ingresses, or null
   * @param useDefaultClusterTlsCert whether the ingresses ask for the cluster's default certificate
   * @param storageClass the storage class of session volumes, or null for the cluster's default
   * @param cpuLimitFactor CPU limit = request × this when at least 1; else none
   * @param serviceAccountName the service account of session pods, or null
   * @param imagePullSecrets secrets in the namespace for pulling session images
   * @param culling the operator's culling limits
   * @param oidc the OpenID Connect client of logged-in users' sessions
   */
  public record Kubernetes(
      @DefaultValue("") String masterUrl,
      @DefaultValue("renku-sessions") String namespace,
      @DefaultValue("") String ingressHost,
      String ingressClassName,
      @DefaultValue Map<String, String> ingressAnnotations,
      String tlsSecret,
      @DefaultValue("false") boolean useDefaultClusterTlsCert,
      String storageClass,
      @DefaultValue("0") double cpuLimitFactor,
      String serviceAccountName,
      @DefaultValue List<String> imagePullSecrets,
      @DefaultValue Culling culling,
      @DefaultValue Oidc oidc) {

    /**
     * Culling limits; zero means never. The longest run is {@code renku.sessions.max-age}.
     *
     * @param failed how long a failed session is kept before it is paused
     * @param pending how long a session may take to start
     * @param idle idle time before a pause when the resource pool sets none
     * @param hibernated how long a paused session is kept when the resource pool sets none
     */
    public record Culling(
        @DefaultValue("0s") Duration failed,
        @DefaultValue("0s") Duration pending,
        @DefaultValue("24h") Duration idle,
        @DefaultValue("24h") Duration hibernated) {}

    /**
     * The OpenID Connect client of the sessions' oauth2-proxy.
     *
     * @param issuerUrl the issuer (the platform's realm)
     * @param clientId the client id
     * @param clientSecret the client secret
     * @param allowUnverifiedEmail whether unverified addresses may log in
     */
    public record Oidc(
        String issuerUrl,
        @DefaultValue("renku-jupyterserver") String clientId,
        String clientSecret,
        @DefaultValue("false") boolean allowUnverifiedEmail) {
      @Override
      public String toString() { // the client secret stays out of logs
        return "Oidc[" + issuerUrl + ", " + clientId + "]";
      }
    }
  }
}

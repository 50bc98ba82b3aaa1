package io.renku.session.operator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's settings, read from the environment by {@link #fromEnv(Map)}. Names follow the
 * original's chart where one exists.
 *
 * @param namespace the namespace to watch ({@code RELEASE_NAMESPACE}); ignored when {@code
 *     clusterScoped}; {@code null} means the client's current namespace
 * @param clusterScoped watch all namespaces ({@code CLUSTER_SCOPED}, default false)
 * @param httpsSessionIngress report https session URLs even without TLS on the ingress ({@code
 *     HTTPS_SESSION_INGRESS}, default false)
 * @param sidecarsImage image of the authproxy, the cloner and the remote session containers ({@code
 *     SIDECARS_IMAGE}); by default this project's Java sidecars, which take the same arguments,
 *     environment and ports as the original's {@code renku/sidecars}, so either works
 * @param rcloneStorageClass storage class of the data source claims, served by the csi-rclone
 *     driver ({@code RCLONE_STORAGE_CLASS}, default {@code csi-rclone-secret-annotation})
 * @param oauth2ProxyImage image of oauth2-proxy ({@code OAUTH2_PROXY_IMAGE})
 * @param noneSameSiteCookie oauth2-proxy cookie SameSite=None instead of Strict ({@code
 *     USE_NONE_SAME_SITE_SESSION_COOKIE}, default false)
 * @param requeueInterval the longest time between two reconciles of a session; idleness is only
 *     sampled this often ({@code REQUEUE_INTERVAL}, Go duration, default 10s as in the original)
 * @param reconcileThreads concurrent reconciles ({@code RECONCILE_THREADS}, default 50)
 * @param idleGracePeriod how long the session container must have run before idleness counts
 *     ({@code IDLE_GRACE_PERIOD}, default 15s)
 * @param failedSchedulingTimeout how long an unschedulable pod is waited for before the session is
 *     Failed ({@code FAILED_SCHEDULING_TIMEOUT}, default 10m)
 */
public record OperatorSettings(
    String namespace,
    boolean clusterScoped,
    boolean httpsSessionIngress,
    String sidecarsImage,
    String rcloneStorageClass,
    String oauth2ProxyImage,
    boolean noneSameSiteCookie,
    Duration requeueInterval,
    int reconcileThreads,
    Duration idleGracePeriod,
    Duration failedSchedulingTimeout) {

  public static final String DEFAULT_SIDECARS_IMAGE = "renku/java-sidecars:0.1.0-SNAPSHOT";
  public static final String DEFAULT_RCLONE_STORAGE_CLASS = "csi-rclone-secret-annotation";
  public static final String DEFAULT_OAUTH2_PROXY_IMAGE =
      "harbor.renkulab.io/bitnami-mirror/oauth2-proxy:7.6.0";

  /** The defaults, watching {@code namespace}. */
  public static OperatorSettings defaults(String namespace) {
    return fromEnv(namespace == null ? Map.of() : Map.of("RELEASE_NAMESPACE", namespace));
  }

  /**
   * Reads the settings from environment variables; absent ones take their defaults.
   *
   * @throws IllegalArgumentException when a value cannot be parsed
   */
  public static OperatorSettings fromEnv(Map<String, String> env) {
    return new OperatorSettings(
        Optional.ofNullable(env.get("RELEASE_NAMESPACE")).filter(s -> !s.isBlank()).orElse(null),
        bool(env, "CLUSTER_SCOPED"),
        bool(env, "HTTPS_SESSION_INGRESS"),
        nonBlank(env, "SIDECARS_IMAGE", DEFAULT_SIDECARS_IMAGE),
        nonBlank(env, "RCLONE_STORAGE_CLASS", DEFAULT_RCLONE_STORAGE_CLASS),
        env.getOrDefault("OAUTH2_PROXY_IMAGE", DEFAULT_OAUTH2_PROXY_IMAGE),
        bool(env, "USE_NONE_SAME_SITE_SESSION_COOKIE"),
        duration(env, "REQUEUE_INTERVAL", Duration.ofSeconds(10)),
        Integer.parseInt(env.getOrDefault("RECONCILE_THREADS", "50")),
        duration(env, "IDLE_GRACE_PERIOD", Duration.ofSeconds(15)),
        duration(env, "FAILED_SCHEDULING_TIMEOUT", Duration.ofMinutes(10)));
  }

  public OperatorSettings withRequeueInterval(Duration value) {
    return new OperatorSettings(
        namespace,
        clusterScoped,
        httpsSessionIngress,
        sidecarsImage,
        rcloneStorageClass,
        oauth2ProxyImage,
        noneSameSiteCookie,
        value,
        reconcileThreads,
        idleGracePeriod,
        failedSchedulingTimeout);
  }

  public OperatorSettings withReconcileThreads(int value) {
    return new OperatorSettings(
        namespace,
        clusterScoped,
        httpsSessionIngress,
        sidecarsImage,
        rcloneStorageClass,
        oauth2ProxyImage,
        noneSameSiteCookie,
        requeueInterval,
        value,
        idleGracePeriod,
        failedSchedulingTimeout);
  }

  /** The value, or the fallback when unset or empty (the original treats both alike). */
  private static String nonBlank(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * Whether {@code image} is the original Go {@code renku/sidecars} image (any registry, tag or
   * digest) rather than our Java one: their arguments are the same, their memory needs are not.
   */
  public static boolean isGoSidecars(String image) {
    String name = image;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    if (colon > slash) {
      name = name.substring(0, colon);
    }
    return name.substring(name.lastIndexOf('/') + 1).equals("sidecars");
  }

  private static boolean bool(Map<String, String> env, String name) {
    return Boolean.parseBoolean(env.getOrDefault(name, "false").strip());
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Duration d = GoDuration.parse(value);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration: " + value);
    }
    return d;
  }
}

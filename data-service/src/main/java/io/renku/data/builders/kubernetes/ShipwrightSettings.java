package io.renku.data.builders.kubernetes;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the cluster-mode builder writes Shipwright {@code BuildRun}s, bound from {@code
 * renku.builds.kubernetes.*}: the original's {@code BUILD_*} settings (its chart's {@code
 * imageBuilders} values). Anything left out takes the original's default, filled in here so that
 * the defaults live in one place.
 *
 * @param namespace where BuildRuns are created; empty: the sessions' namespace ({@code
 *     renku.sessions.kubernetes.namespace}), as the original builds where its sessions run
 * @param masterUrl the API server; empty: the sessions' setting, else fabric8's usual configuration
 * @param clusterId the cluster id of the rows this builder writes into the k8s cache (the watcher's
 *     {@code K8S_CLUSTER_ID}, {@code local} by default)
 * @param outputImagePrefix where images are pushed, ending with {@code /} ({@code
 *     BUILD_OUTPUT_IMAGE_PREFIX}); the image is {@code <prefix>renku-build:<BuildRun name>}
 * @param builderImage the buildpacks builder ({@code BUILD_BUILDER_IMAGE})
 * @param runImage the image the session runs on ({@code BUILD_RUN_IMAGE})
 * @param strategyName the namespaced {@code BuildStrategy} ({@code BUILD_STRATEGY_NAME})
 * @param pushSecretName the {@code kubernetes.io/dockerconfigjson} secret for pushing ({@code
 *     BUILD_PUSH_SECRET_NAME})
 * @param retentionAfterFailed how long Shipwright keeps a failed BuildRun ({@code
 *     BUILD_RUN_RETENTION_AFTER_FAILED_SECONDS})
 * @param retentionAfterSucceeded how long Shipwright keeps a succeeded BuildRun
 * @param timeout how long a build may run before Shipwright stops it ({@code
 *     BUILD_RUN_BUILD_TIMEOUT})
 * @param nodeSelector the build pods' node selector ({@code BUILD_NODE_SELECTOR})
 * @param tolerations the build pods' tolerations ({@code BUILD_NODE_TOLERATIONS})
 * @param platformOverrides per target platform ({@code linux/amd64}, {@code linux/arm64}), what
 *     differs from the above ({@code BUILD_PLATFORM_OVERRIDES}); in a properties file the key needs
 *     brackets: {@code platform-overrides[linux/arm64].builder-image}
 * @param insecureRegistries registries reached over plain HTTP or with a self-signed certificate,
 *     comma-separated ({@code BUILD_INSECURE_REGISTRIES}); empty for none
 */
@ConfigurationProperties("renku.builds.kubernetes")
public record ShipwrightSettings(
    String namespace,
    String masterUrl,
    String clusterId,
    String outputImagePrefix,
    String builderImage,
    String runImage,
    String strategyName,
    String pushSecretName,
    Duration retentionAfterFailed,
    Duration retentionAfterSucceeded,
    Duration timeout,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Map<String, PlatformOverride> platformOverrides,
    String insecureRegistries) {

  /** The original's {@code BUILD_DEFAULT_OUTPUT_IMAGE_PREFIX}. */
  public static final String DEFAULT_OUTPUT_IMAGE_PREFIX = "harbor.dev.renku.ch/renku-builds/";

  /** The chart's {@code imageBuilders.builderImage}. */
  public static final String DEFAULT_BUILDER_IMAGE =
      "ghcr.io/swissdatasciencecenter/renku-frontend-buildpacks/selector:0.9.1";

  /** The chart's {@code imageBuilders.runImage}. */
  public static final String DEFAULT_RUN_IMAGE =
      "ghcr.io/swissdatasciencecenter/renku-frontend-buildpacks/run-image:0.9.1";

  public static final String DEFAULT_STRATEGY_NAME = "renku-buildpacks-v3";

  /** The original's {@code BUILD_DEFAULT_PUSH_SECRET_NAME}. */
  public static final String DEFAULT_PUSH_SECRET_NAME = "renku-build-secret";

  /** The chart's retention of finished BuildRuns (the code's own default is 5 minutes). */
  public static final Duration DEFAULT_RETENTION = Duration.ofSeconds(86400);

  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  /** The watcher's default cluster id. */
  public static final String DEFAULT_CLUSTER_ID = "local";

  public ShipwrightSettings {
    namespace = orDefault(namespace, "");
    masterUrl = orDefault(masterUrl, "");
    clusterId = orDefault(clusterId, DEFAULT_CLUSTER_ID);
    outputImagePrefix = orDefault(outputImagePrefix, DEFAULT_OUTPUT_IMAGE_PREFIX);
    if (!outputImagePrefix.endsWith("/")) {
      // the original concatenates prefix and name; without the slash the image lands elsewhere
      throw new IllegalArgumentException(
          "renku.builds.kubernetes.output-image-prefix must end with '/': " + outputImagePrefix);
    }
    builderImage = orDefault(builderImage, DEFAULT_BUILDER_IMAGE);
    runImage = orDefault(runImage, DEFAULT_RUN_IMAGE);
    strategyName = orDefault(strategyName, DEFAULT_STRATEGY_NAME);
    pushSecretName = orDefault(pushSecretName, DEFAULT_PUSH_SECRET_NAME);
    retentionAfterFailed = positiveOr(retentionAfterFailed, DEFAULT_RETENTION);
    retentionAfterSucceeded = positiveOr(retentionAfterSucceeded, DEFAULT_RETENTION);
    timeout = positiveOr(timeout, DEFAULT_TIMEOUT);
    nodeSelector = ordered(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    platformOverrides = platformOverrides == null ? Map.of() : Map.copyOf(platformOverrides);
    insecureRegistries = insecureRegistries == null ? "" : insecureRegistries.trim();
  }

  /** Every setting at the original's default, BuildRuns in {@code namespace}. */
  public static ShipwrightSettings defaults(String namespace) {
    return new ShipwrightSettings(
        namespace, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** These settings with the namespace and API server given when they name none. */
  public ShipwrightSettings withFallbacks(String fallbackNamespace, String fallbackMasterUrl) {
    return new ShipwrightSettings(
        namespace.isBlank() ? fallbackNamespace : namespace,
        masterUrl.isBlank() ? orDefault(fallbackMasterUrl, "") : masterUrl,
        clusterId,
        outputImagePrefix,
        builderImage,
        runImage,
        strategyName,
        pushSecretName,
        retentionAfterFailed,
        retentionAfterSucceeded,
        timeout,
        nodeSelector,
        tolerations,
        platformOverrides,
        insecureRegistries);
  }

  /**
   * A Kubernetes toleration of the build pods, as in a pod spec.
   *
   * @param tolerationSeconds null unless {@code effect} is {@code NoExecute}
   */
  public record Toleration(
      String key, String operator, String value, String effect, Long tolerationSeconds) {}

  /**
   * What differs for one target platform (the original's {@code BuildPlatformOverrides}): a field
   * left out (or an empty map or list) keeps the general setting.
   */
  public record PlatformOverride(
      String builderImage,
      String runImage,
      String strategyName,
      Map<String, String> nodeSelector,
      List<Toleration> tolerations) {

    public PlatformOverride {
      nodeSelector = ordered(nodeSelector);
      tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }
  }

  /** A copy that keeps the order it was given in, so that manifests come out the same each time. */
  static Map<String, String> ordered(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** The original treats 0 (and unset) as "use the default". */
  private static Duration positiveOr(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }
}

package io.renku.data.builders.kubernetes;

import io.renku.data.build.BuildRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Shipwright {@code BuildRun} ({@code shipwright.io/v1beta1}) for a build, as the original's
 * {@code ShipwrightClient.create_image_build} writes it: an inline build spec (git source, the
 * {@code renku-buildpacks-v3} strategy and its parameters, the output image under the configured
 * prefix), retention of the finished object, and a service account Shipwright generates for this
 * one run. A pure function of the request and the settings; the per-platform overrides (the
 * original's {@code BUILD_PLATFORM_OVERRIDES}) replace images, strategy, node selector and
 * tolerations.
 *
 * <p>A private repository of a provider the build's owner is connected to gets {@code
 * git.cloneSecret}: a basic-auth Secret made for this one run ({@link #cloneSecret}, decision
 * 0040).
 */
final class BuildRunManifest {

  static final String API_VERSION = "shipwright.io/v1beta1";
  static final String KIND = "BuildRun";

  /** The owner label the watcher files rows under (the original's). */
  static final String USER_LABEL = "renku.io/safe-username";

  static final String BUILD_ID_ANNOTATION = "renku.io/build_id";
  static final String ENVIRONMENT_ID_ANNOTATION = "renku.io/environment_id";
  static final String LAUNCHER_ID_ANNOTATION = "renku.io/launcher_id";
  static final String PROJECT_ID_ANNOTATION = "renku.io/project_id";

  /** The original's {@code BUILD_OUTPUT_IMAGE_NAME}. */
  static final String OUTPUT_IMAGE_NAME = "renku-build";

  /** Shipwright creates a service account for the run and deletes it afterwards. */
  static final String GENERATED_SERVICE_ACCOUNT = ".generate";

  /** {@code spec.state} that asks Shipwright to stop a run. */
  static final String CANCELED_STATE = "BuildRunCanceled";

  private BuildRunManifest() {}

  /**
   * The BuildRun's name: {@code renku-<build id in lower case>}, the original's {@code k8s_name}.
   */
  static String name(String buildId) {
    return "renku-" + buildId.toLowerCase(Locale.ROOT);
  }

  /** The image a build pushes: {@code <prefix>renku-build:<name>}. */
  static String outputImage(ShipwrightSettings settings, String buildId) {
    return settings.outputImagePrefix() + OUTPUT_IMAGE_NAME + ":" + name(buildId);
  }

  /**
   * The BuildRun as a JSON-shaped tree (maps keep the order written here).
   *
   * @param platform the checked target platform ({@link BuildVariants#check})
   */
  static Map<String, Object> of(
      BuildRequest request, ShipwrightSettings settings, String platform) {
    return of(request, settings, platform, null);
  }

  /** The name of a run's clone Secret: {@code renku-<build id in lower case>-git}. */
  static String cloneSecretName(String buildId) {
    return name(buildId) + "-git";
  }

  /**
   * The basic-auth Secret a run clones a private repository with (Shipwright's {@code
   * git.cloneSecret}): the owner's access token for the provider's host, deleted with the run
   * (owner reference set once the run exists) or when it is cancelled.
   */
  static Map<String, Object> cloneSecret(
      BuildRequest request, ShipwrightSettings settings, String username, String password) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", cloneSecretName(request.buildId()));
    metadata.put("namespace", settings.namespace());
    metadata.put("annotations", map(BUILD_ID_ANNOTATION, request.buildId()));
    Map<String, Object> secret = new LinkedHashMap<>();
    secret.put("apiVersion", "v1");
    secret.put("kind", "Secret");
    secret.put("metadata", metadata);
    secret.put("type", "kubernetes.io/basic-auth");
    secret.put("stringData", map("username", username, "password", password));
    return secret;
  }

  /** The BuildRun, with {@code cloneSecret} (a Secret's name) for a private repository, or null. */
  static Map<String, Object> of(
      BuildRequest request, ShipwrightSettings settings, String platform, String cloneSecret) {
    ShipwrightSettings.PlatformOverride override = settings.platformOverrides().get(platform);
    String builderImage =
        pick(override == null ? null : override.builderImage(), settings.builderImage());
    String runImage = pick(override == null ? null : override.runImage(), settings.runImage());
    String strategy =
        pick(override == null ? null : override.strategyName(), settings.strategyName());
    Map<String, String> nodeSelector =
        override != null && !override.nodeSelector().isEmpty()
            ? override.nodeSelector()
            : settings.nodeSelector();
    List<ShipwrightSettings.Toleration> tolerations =
        override != null && !override.tolerations().isEmpty()
            ? override.tolerations()
            : settings.tolerations();

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name(request.buildId()));
    metadata.put("namespace", settings.namespace());
    String user = request.labels().get("user_id");
    if (user != null && !user.isBlank()) {
      metadata.put("labels", map(USER_LABEL, user));
    }
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put(BUILD_ID_ANNOTATION, request.buildId());
    putIfPresent(annotations, ENVIRONMENT_ID_ANNOTATION, request.labels().get("environment_id"));
    putIfPresent(annotations, LAUNCHER_ID_ANNOTATION, request.labels().get("launcher_id"));
    putIfPresent(annotations, PROJECT_ID_ANNOTATION, request.labels().get("project_id"));
    metadata.put("annotations", annotations);

    Map<String, Object> git = new LinkedHashMap<>();
    git.put("url", request.repository());
    putIfPresent(git, "revision", request.revision());
    putIfPresent(git, "cloneSecret", cloneSecret);
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("type", "Git");
    source.put("git", git);
    putIfPresent(source, "contextDir", request.contextDir());

    List<Object> params = new ArrayList<>();
    params.add(map("name", "frontend", "value", request.frontendVariant()));
    params.add(map("name", "run-image", "value", runImage));
    params.add(map("name", "builder-image", "value", builderImage));
    if (!settings.insecureRegistries().isEmpty()) {
      params.add(map("name", "insecure-registries", "value", settings.insecureRegistries()));
    }

    Map<String, Object> buildSpec = new LinkedHashMap<>();
    buildSpec.put("source", source);
    buildSpec.put("strategy", map("kind", "BuildStrategy", "name", strategy));
    buildSpec.put("paramValues", params);
    buildSpec.put(
        "output",
        map(
            "image",
            outputImage(settings, request.buildId()),
            "pushSecret",
            settings.pushSecretName()));
    buildSpec.put("timeout", seconds(settings.timeout()));
    if (!nodeSelector.isEmpty()) {
      buildSpec.put("nodeSelector", new LinkedHashMap<>(nodeSelector));
    }
    if (!tolerations.isEmpty()) {
      buildSpec.put("tolerations", tolerations.stream().map(BuildRunManifest::toleration).toList());
    }

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("build", map("spec", buildSpec));
    spec.put(
        "retention",
        map(
            "ttlAfterFailed",
            seconds(settings.retentionAfterFailed()),
            "ttlAfterSucceeded",
            seconds(settings.retentionAfterSucceeded())));
    spec.put("serviceAccount", GENERATED_SERVICE_ACCOUNT);

    Map<String, Object> buildRun = new LinkedHashMap<>();
    buildRun.put("apiVersion", API_VERSION);
    buildRun.put("kind", KIND);
    buildRun.put("metadata", metadata);
    buildRun.put("spec", spec);
    return buildRun;
  }

  /** A Go duration in whole seconds, as the original writes them ({@code 3600s}). */
  static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  private static Map<String, Object> toleration(ShipwrightSettings.Toleration t) {
    Map<String, Object> m = new LinkedHashMap<>();
    putIfPresent(m, "key", t.key());
    putIfPresent(m, "operator", t.operator());
    putIfPresent(m, "value", t.value());
    putIfPresent(m, "effect", t.effect());
    if (t.tolerationSeconds() != null) {
      m.put("tolerationSeconds", t.tolerationSeconds());
    }
    return m;
  }

  private static String pick(String override, String general) {
    return override == null || override.isBlank() ? general : override;
  }

  private static void putIfPresent(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isBlank()) {
      m.put(key, value);
    }
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}

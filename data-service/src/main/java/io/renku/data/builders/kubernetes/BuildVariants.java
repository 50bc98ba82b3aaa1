package io.renku.data.builders.kubernetes;

import io.renku.data.build.BuildRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the buildpacks selector builds: the original's {@code BuilderVariant}, {@code
 * FrontendVariant}, {@code VALID_BUILDER_FRONTEND_COMBINATIONS} and {@code Platform} ({@code
 * session/models.py}). {@code infer} lets the selector pick the frontend from the repository;
 * {@code none} builds an image without one.
 */
final class BuildVariants {

  static final String DEFAULT_PLATFORM = "linux/amd64";

  static final Set<String> PLATFORMS = Set.of("linux/amd64", "linux/arm64");

  /** Frontends by builder, in the original's order. */
  static final Map<String, List<String>> FRONTENDS_BY_BUILDER =
      Map.of(
          "python", List.of("jupyterlab", "vscodium", "ttyd", "infer", "none"),
          "r", List.of("rstudio", "none"));

  static final Set<String> BUILDERS = Set.of("python", "r");

  static final Set<String> FRONTENDS;

  static {
    Set<String> all = new LinkedHashSet<>();
    FRONTENDS_BY_BUILDER.values().forEach(all::addAll);
    FRONTENDS = Set.copyOf(all);
  }

  private BuildVariants() {}

  /**
   * The request's target platform ({@code linux/amd64} when it names none).
   *
   * @throws IllegalArgumentException naming the variant or platform this builder cannot build
   */
  static String check(BuildRequest request) {
    String builder = request.builderVariant();
    String frontend = request.frontendVariant();
    if (builder == null || !BUILDERS.contains(builder)) {
      throw new IllegalArgumentException(
          "Invalid value for the field 'builder_variant': "
              + builder
              + ": valid values are "
              + sorted(BUILDERS));
    }
    if (frontend == null || !FRONTENDS.contains(frontend)) {
      throw new IllegalArgumentException(
          "Invalid value for the field 'frontend_variant': "
              + frontend
              + ": valid values are "
              + sorted(FRONTENDS));
    }
    if (!FRONTENDS_BY_BUILDER.get(builder).contains(frontend)) {
      throw new IllegalArgumentException(
          "Invalid combination: builder '"
              + builder
              + "' is not compatible with frontend '"
              + frontend
              + "'");
    }
    String platform =
        request.platform() == null || request.platform().isBlank()
            ? DEFAULT_PLATFORM
            : request.platform();
    if (!PLATFORMS.contains(platform)) {
      throw new IllegalArgumentException(
          "Invalid value for the field 'platforms': "
              + platform
              + ": valid values are "
              + sorted(PLATFORMS));
    }
    return platform;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}

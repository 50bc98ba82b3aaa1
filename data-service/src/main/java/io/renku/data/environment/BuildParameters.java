package io.renku.data.environment;

import java.util.List;

/**
 * How an environment's image is built from a repository ({@code environment_image_source: build}).
 *
 * @param revision a branch, tag or commit; null for the default branch
 * @param contextDir the directory to build from; null for the repository's root
 * @param platforms the target platforms (one at most), e.g. {@code linux/amd64}
 */
public record BuildParameters(
    String repository,
    String builderVariant,
    String frontendVariant,
    String revision,
    String contextDir,
    List<String> platforms) {

  public static final String DEFAULT_PLATFORM = "linux/amd64";

  public BuildParameters {
    platforms = platforms == null || platforms.isEmpty() ? List.of() : List.copyOf(platforms);
  }

  /** The one platform a build targets. */
  public String platform() {
    return platforms.isEmpty() ? DEFAULT_PLATFORM : platforms.getFirst();
  }
}

package io.renku.data.build;

import java.util.Map;

/**
 * What to build.
 *
 * @param buildId the build's id (a ULID); the builder names its containers or BuildRun after it
 * @param repository the git repository's URL ({@code http(s)://...})
 * @param revision a branch, tag or commit; null for the repository's default branch
 * @param contextDir the directory inside the repository to build from; null for its root
 * @param builderVariant how dependencies are installed, e.g. {@code python}
 * @param frontendVariant the session's user interface, e.g. {@code jupyterlab}
 * @param platform the target platform, e.g. {@code linux/amd64}
 * @param labels what the build belongs to, kept on the builder's objects: {@code environment_id},
 *     {@code launcher_id} (when known), {@code project_id} (when known), {@code user_id}
 */
public record BuildRequest(
    String buildId,
    String repository,
    String revision,
    String contextDir,
    String builderVariant,
    String frontendVariant,
    String platform,
    Map<String, String> labels) {

  public BuildRequest {
    labels = Map.copyOf(labels);
  }
}

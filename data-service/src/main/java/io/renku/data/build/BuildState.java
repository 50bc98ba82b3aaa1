package io.renku.data.build;

/**
 * How a build stands, as its builder sees it.
 *
 * @param status where it stands
 * @param errorReason why it failed or was cancelled, fit for the user; null otherwise
 * @param result what it made; non-null exactly when {@code status} is {@link BuildStatus#SUCCEEDED}
 */
public record BuildState(BuildStatus status, String errorReason, BuiltImage result) {

  public BuildState {
    if ((status == BuildStatus.SUCCEEDED) != (result != null)) {
      throw new IllegalArgumentException("a result exactly when the build succeeded");
    }
  }

  public static BuildState inProgress() {
    return new BuildState(BuildStatus.IN_PROGRESS, null, null);
  }

  public static BuildState failed(String reason) {
    return new BuildState(BuildStatus.FAILED, reason, null);
  }

  public static BuildState cancelled() {
    return new BuildState(BuildStatus.CANCELLED, "The build was cancelled.", null);
  }

  public static BuildState succeeded(BuiltImage result) {
    return new BuildState(BuildStatus.SUCCEEDED, null, result);
  }
}

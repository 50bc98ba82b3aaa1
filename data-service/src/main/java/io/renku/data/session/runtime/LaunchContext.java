package io.renku.data.session.runtime;

import java.util.List;

/**
 * What a session was started for and by whom, beyond what it runs: the facts a cluster session
 * carries (its variables, its authentication, where its pod may be scheduled) that the local
 * runtimes have no use for. Known only when a session is first started; a resume reuses what the
 * runtime kept.
 *
 * @param anonymous whether the owner is an anonymous visitor
 * @param email the owner's e-mail address (the one the session's login allows), null for visitors
 * @param projectId the project's id
 * @param projectPath {@code <namespace>/<slug>} of the project
 * @param launcherId the launcher's id
 * @param secretsMountDirectory where the project's session secrets are mounted, or null
 * @param defaultUrl the path of the session's start page below its base path, e.g. {@code /lab}
 * @param stripPathPrefix whether the session expects requests without its base path (RStudio)
 * @param placement where the pod may run: the resource class's and pool's scheduling settings
 */
public record LaunchContext(
    boolean anonymous,
    String email,
    String projectId,
    String projectPath,
    String launcherId,
    String secretsMountDirectory,
    String defaultUrl,
    boolean stripPathPrefix,
    Placement placement) {

  public LaunchContext {
    placement = placement == null ? Placement.NONE : placement;
  }

  /**
   * Scheduling settings of a resource class.
   *
   * @param priorityClassName the pool quota's name, which is also the name of its PriorityClass
   *     (null: none)
   * @param tolerations taint keys the pod tolerates (operator {@code Exists})
   * @param nodeAffinities node label keys the pod requires or prefers (operator {@code Exists})
   */
  public record Placement(
      String priorityClassName, List<String> tolerations, List<NodeAffinity> nodeAffinities) {
    public static final Placement NONE = new Placement(null, List.of(), List.of());

    public Placement {
      tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
      nodeAffinities = nodeAffinities == null ? List.of() : List.copyOf(nodeAffinities);
    }
  }

  /** A node label key the pod prefers, or requires when {@code required}. */
  public record NodeAffinity(String key, boolean required) {}
}

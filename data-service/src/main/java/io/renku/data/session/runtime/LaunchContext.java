package io.renku.data.session.runtime;

import io.renku.data.compute.Placement;

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
}

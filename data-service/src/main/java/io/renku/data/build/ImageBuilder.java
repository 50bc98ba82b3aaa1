package io.renku.data.build;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a code repository into a session image ("build from code"). Two implementations: Podman and
 * Buildah on this machine pushing to the local registry ({@code build/local}), and Shipwright
 * {@code BuildRun}s in a cluster pushing to Harbor ({@code build/kubernetes}). The build service
 * owns the rows, the permission checks and the one-build-per-environment rule; a builder only runs
 * builds and says how they stand.
 *
 * <p>Failure modes:
 *
 * <ul>
 *   <li>{@link #start}: {@link IllegalArgumentException} for a request this builder cannot run (a
 *       builder or frontend variant it does not know, a platform it cannot build for), with a
 *       message fit for the user; {@link ImageBuilderUnavailableException} when its backend
 *       (Podman, the Kubernetes API) cannot be reached. A build that starts and then fails (no such
 *       repository or revision, a dependency that does not install) is not an exception: {@link
 *       #state} answers {@link BuildStatus#FAILED} with a readable reason.
 *   <li>{@link #state}, {@link #logs} and {@link #cancel} never throw for an unknown id: no state,
 *       no logs, nothing to cancel. They may throw {@link ImageBuilderUnavailableException}.
 * </ul>
 *
 * <p>Implementations are thread-safe. {@link #start} returns at once; the build runs on.
 */
public interface ImageBuilder {

  /** The builder variants {@link #start} accepts, e.g. {@code python}. */
  Set<String> builderVariants();

  /** The frontend variants {@link #start} accepts, e.g. {@code jupyterlab}, {@code vscodium}. */
  Set<String> frontendVariants();

  /** Starts a build; returns once it is under way. */
  void start(BuildRequest request);

  /** How the build stands now; empty when this builder does not know the id (any more). */
  Optional<BuildState> state(String buildId);

  /**
   * The last {@code maxLines} lines of each step's (or container's) log, by step name, in the order
   * the steps ran; empty when there are none (yet).
   */
  Map<String, String> logs(String buildId, int maxLines);

  /**
   * Stops the build and frees what it holds (containers, working directories); {@link #state} then
   * answers {@link BuildStatus#CANCELLED}. Idempotent; a finished build stays as it was.
   */
  void cancel(String buildId);
}

package io.renku.k8s.cache;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A kind of Kubernetes resource the cache holds, e.g. {@code amalthea.dev/v1alpha1
 * AmaltheaSession}. The plural is the resource name in API paths; it is given, not discovered, so
 * the watcher needs no discovery permissions and works against servers without discovery.
 *
 * @param group API group, empty for the core group
 * @param version API version within the group
 * @param kind the kind, e.g. {@code AmaltheaSession}
 * @param plural the resource name in URLs, e.g. {@code amaltheasessions}
 */
public record ResourceKind(String group, String version, String kind, String plural) {

  /** A session, written by the data service, run by the Amalthea operator. */
  public static final ResourceKind AMALTHEA_SESSION =
      new ResourceKind("amalthea.dev", "v1alpha1", "AmaltheaSession", "amaltheasessions");

  /** An image build, written by the data service, run by Shipwright; its status is the build's. */
  public static final ResourceKind BUILD_RUN =
      new ResourceKind("shipwright.io", "v1beta1", "BuildRun", "buildruns");

  /**
   * The Tekton run Shipwright makes for a BuildRun (named in the BuildRun's {@code
   * status.taskRunName}); its {@code status.podName} leads to the build's logs.
   */
  public static final ResourceKind TASK_RUN =
      new ResourceKind("tekton.dev", "v1", "TaskRun", "taskruns");

  /** What the watcher mirrors when image builds are enabled, as the original does. */
  public static final List<ResourceKind> BUILD_KINDS = List.of(BUILD_RUN, TASK_RUN);

  public ResourceKind {
    Objects.requireNonNull(group, "group");
    requireText(version, "version");
    requireText(kind, "kind");
    requireText(plural, "plural");
  }

  /**
   * Parses {@code group/version/Kind} or {@code group/version/Kind/plural} (the plural defaults to
   * the lower-cased kind plus "s", which fits AmaltheaSession, BuildRun and TaskRun).
   *
   * @throws IllegalArgumentException if the text has another shape
   */
  public static ResourceKind parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length < 3 || parts.length > 4) {
      throw new IllegalArgumentException(
          "expected group/version/Kind[/plural], got '" + text + "'");
    }
    String plural = parts.length == 4 ? parts[3] : parts[2].toLowerCase(Locale.ROOT) + "s";
    return new ResourceKind(parts[0], parts[1], parts[2], plural);
  }

  /**
   * Same group and kind, whatever the version or plural: the cache keys rows without the version
   * (see {@link ObjectKey}), so both name the same objects.
   */
  public boolean sameKind(ResourceKind other) {
    return group.equals(other.group) && kind.equals(other.kind);
  }

  /** The {@code apiVersion} field of objects of this kind. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  @Override
  public String toString() {
    return apiVersion() + " " + kind;
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}

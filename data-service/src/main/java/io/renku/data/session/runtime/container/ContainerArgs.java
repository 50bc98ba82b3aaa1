package io.renku.data.session.runtime.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renku.data.launcher.ReservedVariables;
import io.renku.data.session.runtime.SessionSpec;
import io.renku.data.session.runtime.Variables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code podman run} is given for one session (decision 0021), as a pure function of the
 * session, the engine's abilities and the host port: kept apart from {@link ContainerRuntime} so
 * that every isolation rule can be read, and tested, in one place.
 *
 * <p>The container gets the session's image, its user (never root), no capabilities and no new
 * privileges, the class's limits the engine can enforce, one volume at the mount directory and the
 * port on 127.0.0.1. Variables are passed by name only ({@code --env NAME}): their values go in the
 * podman process's own environment ({@link #variables}), not on its command line.
 */
final class ContainerArgs {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An absolute path podman's {@code --volume}/{@code --workdir} syntax cannot misread. */
  private static final Pattern SAFE_PATH = Pattern.compile("/[^:,\\x00-\\x1f]*");

  static final String LABEL_SESSION = "io.renku.session";
  static final String LABEL_INSTANCE = "io.renku.instance";

  private ContainerArgs() {}

  /**
   * Why the session cannot run as a container, or empty: root as its user, a mount or working
   * directory podman would misread, an image name that looks like an option.
   */
  static Optional<String> refusal(SessionSpec spec) {
    if (spec.image() == null
        || spec.image().isBlank()
        || spec.image().startsWith("-")
        || spec.image().chars().anyMatch(c -> c <= ' ')) {
      return Optional.of("The session has no valid image ('" + spec.image() + "').");
    }
    if (spec.uid() <= 0 || spec.gid() <= 0) { // rows stored before the API refused 0
      return Optional.of(
          "Sessions do not run as root: set the environment's uid and gid to the image's user"
              + " (1000 in most images).");
    }
    for (String path : List.of(spec.mountDirectoryOrDefault(), spec.workingDirectoryOrDefault())) {
      if (!SAFE_PATH.matcher(path).matches()) {
        return Optional.of(
            "The environment's directory '"
                + path
                + "' must be an absolute path without ':' or ','.");
      }
    }
    return Optional.empty();
  }

  /**
   * The session's variables: the launcher's (reserved names dropped, {@code $(VAR)} expanded), then
   * the platform's, which win.
   */
  static Map<String, String> variables(SessionSpec spec) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("RENKU_SESSION", "1");
    vars.put("RENKU_SESSION_IP", "0.0.0.0");
    vars.put("RENKU_SESSION_PORT", String.valueOf(spec.port()));
    vars.put("RENKU_BASE_URL_PATH", spec.basePath());
    vars.put("RENKU_WORKING_DIR", spec.workingDirectoryOrDefault());
    vars.put("RENKU_MOUNT_DIR", spec.mountDirectoryOrDefault());
    vars.put("RENKU_SESSION_TOKEN", spec.token());
    vars.put("JUPYTER_TOKEN", spec.token()); // Jupyter servers then require it
    if (!spec.mounts().secretFiles().isEmpty()) { // as the original's sessions have it
      vars.put(
          "RENKU_SECRETS_PATH",
          spec.mounts().secretsMountDirectoryIn(spec.mountDirectoryOrDefault()));
    }
    Map<String, String> platform = Map.copyOf(vars);
    ReservedVariables.withoutReserved(spec.env())
        .forEach((k, v) -> vars.put(k, v == null ? "" : Variables.expand(v, vars)));
    vars.putAll(platform);
    return vars;
  }

  /**
   * The arguments of {@code podman run} (without {@code podman}).
   *
   * @param container the container's name
   * @param volume the work volume's name
   * @param instance the platform instance's label value
   * @param limits the limits the engine enforces here ({@code cpu}, {@code memory}, {@code pids})
   * @param init whether to run an init process as PID 1
   * @param cpuLimitFactor CPU cap = request × this, 0 for no cap
   * @param cgroupParent the group to put the container in, or null for the engine's default
   * @param hostPort the loopback port the session's port is published on
   * @param vars the session's variables, from {@link #variables}
   */
  static List<String> run(
      SessionSpec spec,
      String container,
      String volume,
      String instance,
      Set<String> limits,
      boolean init,
      double cpuLimitFactor,
      String cgroupParent,
      int hostPort,
      Map<String, String> vars) {
    return run(
        spec,
        container,
        volume,
        instance,
        limits,
        init,
        cpuLimitFactor,
        cgroupParent,
        hostPort,
        vars,
        List.of());
  }

  /**
   * The arguments of {@code podman run} with further bind mounts (the session's secrets and data
   * connectors, {@link #bind}) after the work volume.
   */
  static List<String> run(
      SessionSpec spec,
      String container,
      String volume,
      String instance,
      Set<String> limits,
      boolean init,
      double cpuLimitFactor,
      String cgroupParent,
      int hostPort,
      Map<String, String> vars,
      List<String> binds) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.add("--detach");
    args.add("--replace"); // a stopped container of an earlier run
    args.add("--pull=never"); // a missing image is pulled as a stage of its own
    args.add("--name=" + container);
    args.add("--label=" + LABEL_SESSION + "=" + spec.name());
    args.add("--label=" + LABEL_INSTANCE + "=" + instance);
    args.add("--hostname=" + spec.name());
    args.add("--user=" + spec.uid() + ":" + spec.gid());
    args.add("--cap-drop=ALL");
    args.add("--security-opt=no-new-privileges");
    if (init) {
      args.add("--init"); // signals reach the program; zombies are reaped
    }
    if (cgroupParent != null) {
      args.add("--cgroup-parent=" + cgroupParent);
    }
    if (limits.contains("pids")) {
      args.add("--pids-limit=4096");
    }
    if (limits.contains("cpu") && spec.cpu() > 0) {
      // The class's CPU is a request, as on Kubernetes: the session's weight when CPUs are
      // contended (1024 shares per CPU), not a cap; a hard cap only with a limit factor (a cap of
      // half a CPU makes Jupyter take up to three times as long to start here).
      args.add("--cpu-shares=" + Math.max(2, Math.round(spec.cpu() * 1024)));
      if (cpuLimitFactor > 0) {
        args.add("--cpus=" + String.format(Locale.ROOT, "%.3f", spec.cpu() * cpuLimitFactor));
      }
    }
    if (limits.contains("memory") && spec.memoryGb() > 0) {
      args.add("--memory=" + spec.memoryGb() + "g");
    }
    args.add("--publish=127.0.0.1:" + hostPort + ":" + spec.port());
    // :U gives the volume to the session's user, whatever the image's directory belongs to
    args.add("--volume=" + volume + ":" + spec.mountDirectoryOrDefault() + ":U");
    args.addAll(binds);
    args.add("--workdir=" + spec.workingDirectoryOrDefault());
    vars.keySet().forEach(k -> args.add("--env=" + k)); // values from podman's environment
    List<String> command = spec.command().stream().map(a -> Variables.expand(a, vars)).toList();
    if (!command.isEmpty()) {
      args.add("--entrypoint=" + jsonArray(command));
    }
    args.add("--");
    args.add(spec.image());
    spec.args().forEach(a -> args.add(Variables.expand(a, vars)));
    return args;
  }

  /**
   * A bind mount of {@code source} (this machine) at {@code target} (the session), or empty if
   * either path is one podman's {@code --volume} syntax would misread or the target is one a
   * session must not cover.
   *
   * @param options podman's volume options, e.g. {@code ro} or {@code ro,U}
   */
  static Optional<String> bind(String source, String target, String options) {
    if (!SAFE_PATH.matcher(source).matches()
        || !SAFE_PATH.matcher(target).matches()
        || target.equals("/")
        || List.of("/proc", "/sys", "/dev").stream()
            .anyMatch(p -> target.equals(p) || target.startsWith(p + "/"))) {
      return Optional.empty();
    }
    return Optional.of("--volume=" + source + ":" + target + ":" + options);
  }

  /** Whether {@code path} is a directory a session's mount may be put at. */
  static boolean mountableTarget(String path) {
    return bind("/", path, "ro").isPresent();
  }

  private static String jsonArray(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

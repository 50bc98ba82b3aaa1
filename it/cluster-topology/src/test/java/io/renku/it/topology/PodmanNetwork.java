package io.renku.it.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One podman network of the test (named and labelled {@code renku-topo-<random>}) and the
 * containers on it, removed with it. A first container (busybox, the machine's own binary as its
 * root file system) is started at once: podman makes the network's bridge, and with it the gateway
 * address the host's processes listen on, only when a container joins; it is also the test's shell
 * inside the network.
 */
final class PodmanNetwork implements AutoCloseable {
  static final String LABEL = "io.renku.test=cluster-topology";

  record Result(int code, String out) {}

  final String name = "renku-topo-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path dir;
  private final Path conf;
  private final List<String> containers = new ArrayList<>();

  PodmanNetwork(Path dir) throws IOException {
    this.dir = dir;
    conf = dir.resolve("containers.conf");
    boolean cgroupV2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    Files.writeString(
        conf,
        "[containers]\ndefault_ulimits = []\n"
            + (cgroupV2 ? "" : "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n"));
  }

  /** Creates the network and its shell container; returns the gateway address (the host's). */
  String create() throws Exception {
    ok("network", "create", "--label", LABEL, name);
    String gateway =
        ok("network", "inspect", name, "--format", "{{range .Subnets}}{{.Gateway}}{{end}}")
            .out()
            .strip();
    Path root = dir.resolve("shell-root");
    Files.createDirectories(root.resolve("bin"));
    Files.copy(
        Path.of("/usr/bin/busybox"),
        root.resolve("bin/busybox"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(
        root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    run(
        List.of("--name", name + "-shell", "--network", name, "--rootfs", root.toString()),
        List.of("/bin/busybox", "sleep", "3600"));
    return gateway;
  }

  /** {@code podman run -d} with the labels and name of this test; returns the container's name. */
  String run(List<String> options, List<String> command) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--label", LABEL));
    args.addAll(options);
    args.addAll(command);
    String container = options.get(options.indexOf("--name") + 1);
    containers.add(container);
    ok(args.toArray(String[]::new));
    return container;
  }

  /** A command in the shell container (inside the network, as a pod would be). */
  Result shell(String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("exec", name + "-shell", "/bin/busybox"));
    args.addAll(List.of(command));
    return podman(args.toArray(String[]::new));
  }

  /**
   * GET of {@code http://<alias>:<port><path>} from the shell container, the alias resolved by the
   * network's DNS as a pod's would be (busybox's own resolver; its wget, linked statically, crashes
   * here, so the request goes through nc). Returns the whole answer, status line first.
   */
  Result httpGet(String alias, int port, String path) throws Exception {
    Result lookup = shell("nslookup", alias);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Name:\\s*\\S+\\s+Address:\\s*([0-9.]+)")
            .matcher(lookup.out());
    if (lookup.code() != 0 || !m.find()) {
      return new Result(1, "cannot resolve " + alias + ": " + lookup.out());
    }
    String request = "GET " + path + " HTTP/1.0\\r\\nHost: " + alias + "\\r\\n\\r\\n";
    return shell(
        "sh", "-c", "printf '" + request + "' | /bin/busybox nc -w 3 " + m.group(1) + " " + port);
  }

  /** The last lines of every container's log (after a failure). */
  String logs(int lines) {
    StringBuilder b = new StringBuilder();
    for (String c : containers) {
      try {
        b.append("\n===== ").append(c).append(" (last ").append(lines).append(" lines)\n");
        b.append(podman("logs", "--tail", String.valueOf(lines), c).out());
      } catch (Exception e) {
        b.append("(no logs: ").append(e).append(")\n");
      }
    }
    return b.toString();
  }

  boolean running(String container) throws Exception {
    return podman("inspect", "--format", "{{.State.Running}}", container)
        .out()
        .strip()
        .equals("true");
  }

  Result ok(String... args) throws Exception {
    Result r = podman(args);
    if (r.code() != 0) {
      throw new IllegalStateException("podman " + String.join(" ", args) + " failed:\n" + r.out());
    }
    return r;
  }

  Result podman(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("podman"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("podman " + args[0] + " did not end");
    }
    return new Result(p.exitValue(), out);
  }

  @Override
  public void close() {
    for (String c : containers.reversed()) {
      try {
        podman("rm", "-f", "-t", "2", c);
      } catch (Exception e) {
        // best effort; the label finds leftovers
      }
    }
    try {
      podman("network", "rm", "-f", name);
    } catch (Exception e) {
      // best effort
    }
  }
}

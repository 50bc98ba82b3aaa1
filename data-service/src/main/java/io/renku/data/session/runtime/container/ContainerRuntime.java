package io.renku.data.session.runtime.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.renku.data.session.runtime.LoopbackPorts;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.RuntimeStatus;
import io.renku.data.session.runtime.SessionRuntime;
import io.renku.data.session.runtime.SessionSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session as a container of the engine on this machine (podman; decision 0021): the
 * launcher's image, command and arguments with Kubernetes' {@code $(VAR)} expansion, as the
 * environment's non-root user, with every capability dropped and no new privileges, the resource
 * class's CPU, memory and process limits where the machine's cgroups allow them, one named volume
 * at the mount directory ({@code /home/renku/work}) that outlives pauses, and the session's port
 * published on 127.0.0.1 only, where the gateway reaches it. Nothing of the host is mounted.
 *
 * <p>A start goes through stages that the session's status shows: the image (pulled if it is not
 * here), the work volume (the project's repositories cloned into it the first time, {@link
 * RepositoryCloner}), the container, and the wait until it answers HTTP. A missing image, a
 * container that exits, or a port that never opens ends in {@link RuntimeState#FAILED} with a
 * message, and no container is left running.
 *
 * <p>Containers carry the labels {@code io.renku.session} and {@code io.renku.instance} (this
 * runtime's instance id), so that several platforms can share one engine and a platform that
 * crashed finds its containers again when it starts: running ones are adopted.
 */
public final class ContainerRuntime implements SessionRuntime {
  private static final Logger log = LoggerFactory.getLogger(ContainerRuntime.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration QUICK = Duration.ofSeconds(30);
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  /** Container states in which a session's program may still answer. */
  private static final Set<String> ALIVE =
      Set.of("running", "created", "configured", "initialized");

  private static final Duration STOP = Duration.ofSeconds(40);
  private static final String LABEL_SESSION = ContainerArgs.LABEL_SESSION;
  private static final String LABEL_INSTANCE = ContainerArgs.LABEL_INSTANCE;
  private static final java.time.format.DateTimeFormatter LOG_TIME =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
          .withZone(java.time.ZoneOffset.UTC);

  private final Podman podman;
  private final Settings settings;
  private final RepositoryCloner cloner;
  private final SessionData data;
  private final io.renku.data.session.runtime.SessionGitCredentials.Issuer gitIssuer;
  private final String gitApiBase;
  private final String instance;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Set<Integer> portsInUse = ConcurrentHashMap.newKeySet();
  private final Set<Integer> avoided = ConcurrentHashMap.newKeySet();
  private long watchTicks; // only the monitor thread touches it
  private final ScheduledExecutorService monitor =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("session-containers").daemon().factory());

  /**
   * @param root where the runtime keeps what is not in the engine (each session's start log)
   * @param startTimeout how long a session may take to answer before it counts as failed
   * @param pullTimeout how long pulling a missing image may take
   * @param limits the resource limits the engine can enforce here: {@code cpu}, {@code memory},
   *     {@code pids}
   * @param init whether the engine has an init process to run as PID 1 ({@code --init})
   * @param cpuLimitFactor the CPU limit as a multiple of the class's CPU request; 0 for none (the
   *     request is then a relative weight, as with Kubernetes' requests without limits)
   * @param cgroupParent the group containers are put in ({@link SessionCpuGroup}), or null for the
   *     engine's default
   */
  public record Settings(
      Path root,
      Duration startTimeout,
      Duration pullTimeout,
      Set<String> limits,
      boolean init,
      double cpuLimitFactor,
      String cgroupParent) {

    /** Settings with the engine's default group. */
    public Settings(
        Path root,
        Duration startTimeout,
        Duration pullTimeout,
        Set<String> limits,
        boolean init,
        double cpuLimitFactor) {
      this(root, startTimeout, pullTimeout, limits, init, cpuLimitFactor, null);
    }
  }

  public ContainerRuntime(Podman podman, Settings settings, RepositoryCloner cloner) {
    this(podman, settings, cloner, null, null);
  }

  /**
   * @param delivery the secrets service that writes a session's secret files, or null where there
   *     is none (sessions that ask for secrets then run without them, and their status says so)
   * @param rclone what mounts data connectors, or null where rclone is missing (likewise)
   */
  public ContainerRuntime(
      Podman podman,
      Settings settings,
      RepositoryCloner cloner,
      io.renku.data.secret.SecretDelivery delivery,
      io.renku.data.session.runtime.RcloneMounts rclone) {
    this(
        podman,
        settings,
        cloner,
        delivery,
        rclone,
        io.renku.data.session.runtime.SessionGitCredentials.Issuer.NONE,
        null);
  }

  /**
   * @param gitIssuer issues the owner's git credentials of connected services for the session's
   *     repositories (decision 0040)
   * @param gitApiBase the data API's URL as a session's container reaches it (the credential
   *     helper's token endpoint), or null for no git credentials in sessions
   */
  public ContainerRuntime(
      Podman podman,
      Settings settings,
      RepositoryCloner cloner,
      io.renku.data.secret.SecretDelivery delivery,
      io.renku.data.session.runtime.RcloneMounts rclone,
      io.renku.data.session.runtime.SessionGitCredentials.Issuer gitIssuer,
      String gitApiBase) {
    this.podman = podman;
    this.settings = settings;
    this.cloner = cloner;
    this.gitIssuer =
        gitIssuer == null || gitApiBase == null
            ? io.renku.data.session.runtime.SessionGitCredentials.Issuer.NONE
            : gitIssuer;
    this.gitApiBase = gitApiBase;
    this.data = new SessionData(settings.root(), delivery, rclone);
    this.instance = instanceId(settings.root());
    try {
      Files.createDirectories(settings.root());
      Files.setPosixFilePermissions(settings.root(), PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot create " + settings.root(), e);
    }
    adopt();
    monitor.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
  }

  /** One run of a session's container. */
  private static final class Run {
    final Instant startedAt = Instant.now();
    volatile RuntimeState state = RuntimeState.STARTING;
    volatile String message = "Preparing the session.";
    volatile String warning;
    // git's configuration for the owner's connected services (GIT_CONFIG_*), no secret in it
    volatile Map<String, String> gitVariables = Map.of();
    volatile int port;
    volatile boolean cancelled;
    // set once `podman run` returned: from then on watch() looks after the container
    volatile boolean containerStarted;

    Run(int port) {
      this.port = port;
    }
  }

  // ---- SessionRuntime -----------------------------------------------------------------------

  @Override
  public void start(SessionSpec spec) {
    String name = spec.name();
    container(name); // refuses a name that is not a session name
    synchronized (lock(name)) {
      Run current = runs.get(name);
      if (current != null
          && (current.state == RuntimeState.STARTING || current.state == RuntimeState.RUNNING)) {
        return;
      }
      Run run = new Run(0);
      runs.put(name, run);
      Thread.ofVirtual().name("session-start-" + name).start(() -> launch(spec, run));
    }
  }

  @Override
  public void hibernate(String name) {
    synchronized (lock(name)) {
      Run run = runs.remove(name);
      if (run != null) {
        run.cancelled = true;
        run.state = RuntimeState.STOPPING;
        freePort(run);
      }
      removeContainer(name);
      data.release(name); // the container that used them is gone
      revokeGitCredentials(name);
      resizeCpuGroup();
    }
  }

  @Override
  public void delete(String name) {
    synchronized (lock(name)) {
      hibernate(name);
      Podman.Result r = podman.exec(List.of("volume", "rm", "--force", volume(name)), STOP);
      if (!r.ok() && !r.stderr().contains("no such volume")) {
        log.warn("Cannot remove the work volume of session {}: {}", name, r.lastError("?"));
      }
      data.remove(name);
      try {
        Files.deleteIfExists(startLog(name));
      } catch (IOException e) {
        log.debug("Cannot remove the start log of {}", name, e);
      }
      log.info("Session {} deleted with its work volume", name);
    }
  }

  @Override
  public RuntimeStatus status(String name) {
    Run run = runs.get(name);
    if (run == null) {
      return RuntimeStatus.ABSENT;
    }
    int ready = run.state == RuntimeState.RUNNING ? 1 : 0;
    String message = run.state == RuntimeState.RUNNING ? run.warning : run.message;
    return new RuntimeStatus(run.state, message, ready, 1, run.startedAt);
  }

  @Override
  public String logs(String name, int maxLines) {
    if (maxLines <= 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    Path startLog = startLog(name);
    if (Files.isRegularFile(startLog)) {
      try {
        List<String> lines = Files.readAllLines(startLog, StandardCharsets.UTF_8);
        lines
            .subList(Math.max(0, lines.size() - maxLines), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      } catch (IOException e) {
        log.debug("Cannot read the start log of {}", name, e);
      }
    }
    Podman.Result r =
        podman.exec(
            List.of("logs", "--tail", String.valueOf(maxLines), container(name)),
            QUICK,
            null,
            null,
            Map.of(),
            true);
    if (r.ok()) {
      out.append(r.stdout());
    }
    String all = out.toString();
    // the start log and the container's output together, cut to the last maxLines lines
    List<String> lines = all.lines().toList();
    return lines.size() <= maxLines
        ? all
        : String.join("\n", lines.subList(lines.size() - maxLines, lines.size())) + "\n";
  }

  @Override
  public Optional<Upstream> upstream(String name) {
    Run run = runs.get(name);
    if (run == null
        || run.port == 0
        || (run.state != RuntimeState.RUNNING && run.state != RuntimeState.STARTING)) {
      return Optional.empty();
    }
    return Optional.of(new Upstream("127.0.0.1", run.port));
  }

  @Override
  public Set<String> names() {
    return Set.copyOf(runs.keySet());
  }

  /** The running sessions and those whose work volume this instance keeps. */
  @Override
  public Set<String> keptNames() {
    Set<String> names = new java.util.HashSet<>(runs.keySet());
    Podman.Result r =
        podman.exec(
            List.of(
                "volume",
                "ls",
                "--filter",
                "label=" + LABEL_INSTANCE + "=" + instance,
                "--format",
                "{{index .Labels \"" + LABEL_SESSION + "\"}}"),
            QUICK);
    if (r.ok()) {
      r.stdout()
          .lines()
          .map(String::strip)
          .filter(n -> n.matches("[a-z0-9-]{1,63}"))
          .forEach(names::add);
    }
    return names;
  }

  @Override
  public Optional<Boolean> imagePresent(String image) {
    if (image == null || image.isBlank() || image.startsWith("-")) {
      return Optional.of(false);
    }
    return Optional.of(podman.exec(List.of("image", "exists", "--", image), QUICK).ok());
  }

  /** Stops every session's container (their volumes stay); the wanted states stay in Postgres. */
  @Override
  public void close() {
    monitor.shutdownNow();
    List<Thread> stopping = new ArrayList<>();
    for (String name : List.copyOf(runs.keySet())) {
      stopping.add(Thread.ofVirtual().start(() -> hibernate(name)));
    }
    for (Thread t : stopping) {
      try {
        t.join(STOP.plusSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The group session containers go in on this machine ({@link SessionCpuGroup}), or null for the
   * engine's default.
   */
  public static String cgroupParent(EngineFacts facts) {
    return SessionCpuGroup.prepare(facts, CGROUP_ROOT, Runtime.getRuntime().availableProcessors())
        .orElse(null);
  }

  /** The sessions' CPU group weighs as many threads as sessions run or start (SessionCpuGroup). */
  private void resizeCpuGroup() {
    if (settings.cgroupParent() == null) {
      return;
    }
    int active =
        (int)
            runs.values().stream()
                .filter(r -> r.state == RuntimeState.STARTING || r.state == RuntimeState.RUNNING)
                .count();
    SessionCpuGroup.resize(CGROUP_ROOT, Runtime.getRuntime().availableProcessors(), active);
  }

  /** Whether podman can run an init process as PID 1 here ({@code --init}: catatonit). */
  public static boolean hasInit() {
    return Files.isExecutable(Path.of("/usr/libexec/podman/catatonit"))
        || Files.isExecutable(Path.of("/usr/bin/catatonit"));
  }

  /** The id that marks this platform's containers in a shared engine. */
  public String instance() {
    return instance;
  }

  // ---- starting -----------------------------------------------------------------------------

  private void launch(SessionSpec spec, Run run) {
    String name = spec.name();
    try {
      startLogLine(name, "Starting session " + name + " from image " + spec.image());
      if (!runnable(spec, run)) {
        return;
      }
      if (!ensureVolume(spec, run)) {
        return;
      }
      SessionData.Prepared prepared = data.prepare(spec, line -> stage(name, run, line));
      prepared.problems().forEach(p -> startLogLine(name, p));
      if (!prepared.problems().isEmpty()) {
        String problems = String.join(" ", prepared.problems());
        run.warning = run.warning == null ? problems : run.warning + " " + problems;
      }
      List<String> binds = new ArrayList<>(prepared.binds());
      gitCredentials(spec, run).ifPresent(binds::add);
      if (!run.cancelled) {
        runContainer(spec, run, binds);
      }
      if (run.cancelled) { // paused or deleted meanwhile, perhaps before these mounts were made
        releaseIfAbandoned(name);
        return;
      }
      if (run.state == RuntimeState.STARTING) {
        awaitReady(spec, run);
      }
    } catch (RuntimeException e) {
      log.warn("Session {} could not start", name, e);
      fail(name, run, "The session could not start: " + e.getMessage(), true);
    }
  }

  /**
   * The owner's git credentials for the session's repositories on connected providers' hosts
   * (decision 0040): refresh tokens of the token endpoint, issued for this session, in a directory
   * mounted at {@link io.renku.data.session.runtime.SessionGitCredentials#MOUNT_PATH} with the
   * credential helper; git is configured for those hosts only. Answers the bind, if any. A failure
   * leaves the session without them and says so.
   */
  private Optional<String> gitCredentials(SessionSpec spec, Run run) {
    String name = spec.name();
    if (spec.repositories().isEmpty() || spec.ownerId() == null) {
      return Optional.empty();
    }
    List<io.renku.data.session.runtime.SessionGitCredentials.Grant> grants;
    try {
      grants = gitIssuer.issue(spec.ownerId(), name, spec.repositories());
    } catch (RuntimeException e) {
      log.warn("Session {}: no git credentials: {}", name, e.getMessage());
      startLogLine(name, "The git credentials of your integrations could not be prepared.");
      return Optional.empty();
    }
    if (grants.isEmpty()) {
      return Optional.empty();
    }
    Path dir = gitDir(name);
    try {
      io.renku.data.session.runtime.SessionGitCredentials.write(dir, grants, gitApiBase);
    } catch (RuntimeException e) {
      // e.g. a directory of an earlier run the engine gave to the session's user (rootless)
      log.warn("Session {}: cannot write the git credentials: {}", name, e.getMessage());
      startLogLine(name, "The git credentials of your integrations could not be prepared.");
      gitIssuer.revoke(name);
      return Optional.empty();
    }
    Optional<String> bind =
        ContainerArgs.bind(
            dir.toString(), io.renku.data.session.runtime.SessionGitCredentials.MOUNT_PATH, "rw,U");
    if (bind.isPresent()) {
      run.gitVariables =
          io.renku.data.session.runtime.SessionGitCredentials.gitVariables(
              grants, io.renku.data.session.runtime.SessionGitCredentials.MOUNT_PATH);
      startLogLine(
          name,
          "git credentials for "
              + grants.stream()
                  .map(io.renku.data.session.runtime.SessionGitCredentials.Grant::urlPrefix)
                  .toList());
    }
    return bind;
  }

  /** Revokes the session's git tokens and removes their files (it stopped). */
  private void revokeGitCredentials(String name) {
    try {
      gitIssuer.revoke(name);
    } catch (RuntimeException e) {
      log.warn("Cannot revoke the git tokens of session {}: {}", name, e.getMessage());
    }
    try {
      io.renku.data.session.runtime.SessionGitCredentials.remove(gitDir(name));
    } catch (RuntimeException e) {
      log.warn("Cannot remove the git credentials of session {}", name);
    }
  }

  private Path gitDir(String name) {
    return settings.root().resolve("git-credentials").resolve(name);
  }

  /** Unmounts a session's connectors unless a newer start of it runs. */
  private void releaseIfAbandoned(String name) {
    synchronized (lock(name)) {
      if (!runs.containsKey(name)) {
        data.release(name);
      }
    }
  }

  private boolean runnable(SessionSpec spec, Run run) {
    Optional<String> refusal = ContainerArgs.refusal(spec);
    refusal.ifPresent(why -> fail(spec.name(), run, why, false));
    return refusal.isEmpty();
  }

  /** Pulls the session's image, which is not on this machine. */
  private boolean pullImage(SessionSpec spec, Run run) {
    String image = spec.image();
    stage(spec.name(), run, "Pulling the image " + image + ".");
    List<String> pull = new ArrayList<>(List.of("pull", "--quiet"));
    if (onLoopbackRegistry(image)) {
      // local mode's registry of built images listens on loopback over plain HTTP
      pull.add("--tls-verify=false");
    }
    pull.addAll(List.of("--", image));
    Podman.Result pulled = podman.exec(pull, settings.pullTimeout());
    if (!pulled.ok()) {
      fail(
          spec.name(),
          run,
          "The image "
              + image
              + " is not on this machine and could not be pulled: "
              + pulled.lastError("no registry answered")
              + ". Check the image name in the launcher, or build the image here.",
          false);
      return false;
    }
    return !run.cancelled;
  }

  /**
   * Whether {@code image} comes from a registry on this machine's loopback ({@code
   * 127.0.0.1:<port>/}, {@code localhost:<port>/}, {@code [::1]:<port>/}): local mode's registry of
   * built images, which speaks plain HTTP and which nothing but this machine reaches.
   */
  static boolean onLoopbackRegistry(String image) {
    return image.matches("(127\\.0\\.0\\.1|localhost|\\[::1\\]):[0-9]{1,5}/.+");
  }

  private boolean ensureVolume(SessionSpec spec, Run run) {
    String name = spec.name();
    String volume = volume(name);
    // one call: creating tells whether the volume is new (then repositories are cloned into it)
    Podman.Result created =
        podman.exec(
            List.of(
                "volume",
                "create",
                "--label",
                LABEL_SESSION + "=" + name,
                "--label",
                LABEL_INSTANCE + "=" + instance,
                volume),
            QUICK);
    boolean fresh = created.ok();
    if (!fresh && !created.stderr().contains("already exists")) {
      fail(name, run, "Cannot create the session's work volume: " + created.lastError("?"), false);
      return false;
    }
    if (fresh && !spec.repositories().isEmpty()) {
      Podman.Result inspected =
          podman.exec(List.of("volume", "inspect", "--format", "{{.Mountpoint}}", volume), QUICK);
      if (!inspected.ok()) {
        fail(
            name, run, "Cannot find the session's work volume: " + inspected.lastError("?"), false);
        return false;
      }
      Path into = Path.of(inspected.stdout().strip());
      List<RepositoryCloner.Outcome> outcomes =
          cloner.cloneAll(
              spec.repositories(),
              into,
              line -> {
                stage(name, run, line + ".");
              },
              spec.ownerId());
      List<String> problems = new ArrayList<>();
      for (RepositoryCloner.Outcome o : outcomes) {
        if (o.cloned()) {
          startLogLine(name, "Cloned " + o.url() + " into " + o.directory());
        } else {
          startLogLine(name, o.message());
          problems.add(o.message());
        }
      }
      if (!problems.isEmpty()) {
        run.warning = String.join(" ", problems);
      }
    }
    return !run.cancelled;
  }

  private void runContainer(SessionSpec spec, Run run, List<String> binds) {
    String name = spec.name();
    stage(name, run, "Starting the container.");
    resizeCpuGroup();
    Map<String, String> vars = ContainerArgs.variables(spec);
    vars.putAll(run.gitVariables); // the platform's, after the launcher's
    boolean pulled = false;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = reservePort();
      run.port = port;
      List<String> args =
          ContainerArgs.run(
              spec,
              container(name),
              volume(name),
              instance,
              settings.limits(),
              settings.init(),
              settings.cpuLimitFactor(),
              settings.cgroupParent(),
              port,
              vars,
              binds);
      if (run.cancelled) { // paused or deleted while it was being prepared
        freePort(run);
        return;
      }
      Podman.Result r = podman.exec(args, QUICK, null, null, vars, false);
      if (r.ok() && run.cancelled) { // paused or deleted while podman was starting it
        // by id: a start after the pause may already have a container of the same name
        podman.exec(List.of("rm", "--force", "--time", "5", r.stdout().strip()), STOP);
        freePort(run);
        return;
      }
      if (r.ok()) {
        run.containerStarted = true;
        startLogLine(
            name, "Container started, port " + spec.port() + " published on 127.0.0.1:" + port);
        log.info("Session {} started as container {} on 127.0.0.1:{}", name, container(name), port);
        return;
      }
      freePort(run);
      removeContainer(name);
      String error = r.lastError("podman run failed");
      if (error.contains("address already in use") && attempt < 3) {
        continue;
      }
      if (missingImage(error) && attempt < 3 && !pulled) {
        pulled = true;
        if (!pullImage(spec, run)) {
          return;
        }
        stage(name, run, "Starting the container.");
        continue;
      }
      fail(name, run, "The session's container could not be started: " + error, false);
      return;
    }
  }

  /** Polls the session until it answers HTTP, its container stops, or time runs out. */
  private void awaitReady(SessionSpec spec, Run run) {
    String name = spec.name();
    stage(name, run, "Waiting for the session to answer.");
    URI probe = URI.create("http://127.0.0.1:" + run.port + spec.basePath() + "/");
    HttpRequest request =
        HttpRequest.newBuilder(probe)
            .timeout(Duration.ofSeconds(2))
            .header("Authorization", "token " + spec.token())
            .GET()
            .build();
    Instant deadline = run.startedAt.plus(settings.startTimeout());
    // a container that stops meanwhile is noticed by watch(), one `podman ps` for every session
    // (a podman call per session and half second made ten sessions starting at once three times
    // slower: each call is a process of its own)
    while (run.state == RuntimeState.STARTING && !run.cancelled) {
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
        run.state = RuntimeState.RUNNING;
        run.message = null;
        startLogLine(name, "The session answers.");
        log.info(
            "Session {} is running ({} ms after start)",
            name,
            Duration.between(run.startedAt, Instant.now()).toMillis());
        return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        fail(
            name,
            run,
            "The session did not answer on port "
                + spec.port()
                + " within "
                + settings.startTimeout().toSeconds()
                + " seconds; check that the environment's port matches what its program listens"
                + " on.",
            true);
        return;
      }
      sleep(30);
    }
  }

  /** Why the session's container is not running any more, or empty while it runs. */
  private Optional<String> stoppedReason(String name) {
    Podman.Result r =
        podman.exec(
            List.of(
                "container",
                "inspect",
                "--format",
                "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}",
                container(name)),
            QUICK);
    if (!r.ok()) {
      return Optional.of("The session's container is gone.");
    }
    String[] f = r.stdout().strip().split(" ");
    if (f[0].equals("running") || f[0].equals("created") || f[0].equals("configured")) {
      return Optional.empty();
    }
    String last = lastLogLine(name);
    String why =
        f.length > 2 && f[2].equals("true")
            ? "The session ran out of memory and was stopped"
            : "The session's program stopped (exit code " + (f.length > 1 ? f[1] : "?") + ")";
    return Optional.of(why + (last.isEmpty() ? "." : ": " + last));
  }

  private static boolean missingImage(String error) {
    String e = error.toLowerCase(Locale.ROOT);
    return e.contains("image not known")
        || e.contains("no such image")
        || e.contains("unable to find")
        || e.contains("not found locally");
  }

  // ---- watching -----------------------------------------------------------------------------

  /**
   * Notices sessions whose container stopped by itself (a program that exits at once, a crash, out
   * of memory): every second while sessions are starting, every third second otherwise.
   */
  private void watch() {
    try {
      watchTicks++;
      List<String> watched =
          runs.entrySet().stream()
              .filter(
                  e ->
                      e.getValue().state == RuntimeState.RUNNING
                          || (e.getValue().state == RuntimeState.STARTING
                              && e.getValue().containerStarted))
              .map(Map.Entry::getKey)
              .toList();
      boolean starting =
          watched.stream()
              .map(runs::get)
              .anyMatch(r -> r != null && r.state == RuntimeState.STARTING);
      if (watched.isEmpty() || (!starting && watchTicks % 3 != 0)) {
        return;
      }
      Map<String, String> states = containerStates();
      for (String name : watched) {
        Run run = runs.get(name);
        if (run == null
            || (run.state != RuntimeState.RUNNING && run.state != RuntimeState.STARTING)) {
          continue;
        }
        if (!ALIVE.contains(states.getOrDefault(name, ""))) {
          synchronized (lock(name)) {
            if (runs.get(name) == run
                && (run.state == RuntimeState.RUNNING || run.state == RuntimeState.STARTING)) {
              fail(name, run, stoppedReason(name).orElse("The session's container stopped."), true);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      log.debug("Cannot look at the session containers", e);
    }
  }

  /** Session name → container state, for this instance's containers. */
  private Map<String, String> containerStates() {
    Podman.Result r =
        podman.exec(
            List.of(
                "ps",
                "--all",
                "--filter",
                "label=" + LABEL_INSTANCE + "=" + instance,
                "--format",
                "json"),
            QUICK);
    Map<String, String> states = new LinkedHashMap<>();
    if (!r.ok()) {
      throw new Podman.PodmanException("podman ps failed: " + r.lastError("?"), null);
    }
    try {
      JsonNode list = JSON.readTree(r.stdout().isBlank() ? "[]" : r.stdout());
      for (JsonNode c : list) {
        String session = c.path("Labels").path(LABEL_SESSION).asText("");
        if (!session.isEmpty()) {
          states.put(session, c.path("State").asText(""));
        }
      }
    } catch (IOException e) {
      throw new Podman.PodmanException("podman ps printed no JSON", e);
    }
    return states;
  }

  /** Takes back the running containers a platform that stopped without cleaning up left. */
  private void adopt() {
    Podman.Result r =
        podman.exec(
            List.of(
                "ps",
                "--all",
                "--filter",
                "label=" + LABEL_INSTANCE + "=" + instance,
                "--format",
                "json"),
            QUICK);
    if (!r.ok()) {
      log.warn("Cannot list the session containers: {}", r.lastError("?"));
      return;
    }
    try {
      for (JsonNode c : JSON.readTree(r.stdout().isBlank() ? "[]" : r.stdout())) {
        String session = c.path("Labels").path(LABEL_SESSION).asText("");
        if (session.isEmpty() || !session.matches("[a-z0-9-]{1,63}")) {
          continue;
        }
        int port = 0;
        for (JsonNode p : c.path("Ports")) {
          port = p.path("host_port").asInt(0);
        }
        if ("running".equals(c.path("State").asText()) && port > 0) {
          Run run = new Run(port);
          run.state = RuntimeState.RUNNING;
          run.message = null;
          portsInUse.add(port);
          runs.put(session, run);
          log.info("Session {} found running in container {}", session, container(session));
        } else {
          removeContainer(session);
        }
      }
    } catch (IOException e) {
      log.warn("podman ps printed no JSON", e);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void stage(String name, Run run, String message) {
    run.message = message;
    startLogLine(name, message);
  }

  private void fail(String name, Run run, String message, boolean removeContainer) {
    if (run.cancelled || runs.get(name) != run) {
      return;
    }
    run.state = RuntimeState.FAILED;
    run.message = message;
    startLogLine(name, "Failed: " + message);
    log.warn("Session {} failed: {}", name, message);
    if (removeContainer) {
      removeContainer(name);
    }
    if (removeContainer || !run.containerStarted) { // no container uses the mounts any more
      data.release(name);
    }
    freePort(run);
  }

  private void removeContainer(String name) {
    Podman.Result r = podman.exec(List.of("rm", "--force", "--time", "5", container(name)), STOP);
    if (!r.ok() && !r.stderr().contains("no such container")) {
      log.warn("Cannot remove the container of session {}: {}", name, r.lastError("?"));
    }
  }

  private String lastLogLine(String name) {
    Podman.Result r =
        podman.exec(
            List.of("logs", "--tail", "5", container(name)), QUICK, null, null, Map.of(), true);
    if (!r.ok()) {
      return "";
    }
    List<String> lines = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      return "";
    }
    String last = lines.getLast();
    return last.length() > 300 ? last.substring(0, 300) + "…" : last;
  }

  private void startLogLine(String name, String line) {
    try {
      Files.writeString(
          startLog(name),
          "[renku " + LOG_TIME.format(Instant.now()) + "] " + line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.debug("Cannot write the start log of {}", name, e);
    }
  }

  private Path startLog(String name) {
    return settings.root().resolve(checked(name) + ".log");
  }

  private String container(String name) {
    return "renku-" + instance + "-" + checked(name);
  }

  private String volume(String name) {
    return container(name) + "-work";
  }

  private static String checked(String name) {
    if (name == null || !name.matches("[a-z0-9-]{1,63}")) {
      throw new IllegalArgumentException("Not a session name: " + name);
    }
    return name;
  }

  private int reservePort() {
    return LoopbackPorts.pick(port -> avoided.contains(port) || !portsInUse.add(port));
  }

  @Override
  public void avoidPorts(Set<Integer> ports) {
    avoided.addAll(ports);
  }

  private void freePort(Run run) {
    if (run.port != 0) {
      portsInUse.remove(run.port);
    }
  }

  private Object lock(String name) {
    return locks.computeIfAbsent(name, n -> new Object());
  }

  /** A short stable id from the runtime's root directory: one per platform data directory. */
  static String instanceId(Path root) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  root.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

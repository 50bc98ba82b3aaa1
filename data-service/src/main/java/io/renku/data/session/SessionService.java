package io.renku.data.session;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.compute.ComputeResources;
import io.renku.data.compute.SessionClass;
import io.renku.data.config.SessionProperties;
import io.renku.data.environment.Environment;
import io.renku.data.launcher.HostCommandRule;
import io.renku.data.launcher.Launcher;
import io.renku.data.launcher.LauncherService;
import io.renku.data.launcher.VariableNames;
import io.renku.data.platform.PlatformService;
import io.renku.data.project.Project;
import io.renku.data.project.ProjectService;
import io.renku.data.session.runtime.LaunchContext;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.RuntimeStatus;
import io.renku.data.session.runtime.SessionMounts;
import io.renku.data.session.runtime.SessionRuntime;
import io.renku.data.session.runtime.SessionSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starting, listing, pausing, resuming and deleting sessions. A session belongs to whoever started
 * it (a user, or an anonymous visitor by their anonymous id); everyone else gets 404 for it, admins
 * included, because a session holds its owner's credentials.
 *
 * <p>The wanted state lives in Postgres and is changed in a transaction first; the runtime is told
 * after the commit, so a crash in between is repaired by {@link SessionCuller}, which brings
 * runtimes in line with the table.
 */
@Service
public class SessionService {
  private static final Logger log = LoggerFactory.getLogger(SessionService.class);
  private static final Pattern ENV_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionRepository sessions;
  private final LauncherService launchers;
  private final ComputeResources compute;
  private final SessionRuntime runtime;
  private final SessionProperties properties;
  private final TransactionTemplate tx;
  private final PlatformService platform;
  private final HostCommandRule hostCommands;
  private final ProjectService projects;
  private final SessionMountPlanner mounts;
  private final Clock clock;
  private final ObjectProvider<LaunchGuard> launchGuards;

  public SessionService(
      SessionRepository sessions,
      LauncherService launchers,
      ComputeResources compute,
      SessionRuntime runtime,
      SessionProperties properties,
      TransactionTemplate tx,
      PlatformService platform,
      HostCommandRule hostCommands,
      ProjectService projects,
      SessionMountPlanner mounts,
      ObjectProvider<LaunchGuard> launchGuards) {
    this.sessions = sessions;
    this.launchers = launchers;
    this.compute = compute;
    this.runtime = runtime;
    this.properties = properties;
    this.tx = tx;
    this.platform = platform;
    this.hostCommands = hostCommands;
    this.projects = projects;
    this.mounts = mounts;
    this.clock = Clock.systemUTC();
    this.launchGuards = launchGuards;
  }

  /** A request to start a session; null fields take the launcher's or the class's defaults. */
  public record StartRequest(
      String launcherId,
      Integer resourceClassId,
      Long diskStorage,
      List<Launcher.EnvVariable> envOverrides,
      List<SessionMountPlanner.Override> dataConnectorOverrides) {

    public StartRequest(
        String launcherId,
        Integer resourceClassId,
        Long diskStorage,
        List<Launcher.EnvVariable> envOverrides) {
      this(launcherId, resourceClassId, diskStorage, envOverrides, List.of());
    }
  }

  /** A session with what its runtime reports. */
  public record View(Session session, RuntimeStatus runtime, String url) {}

  /** The result of a start: the session, and whether this call created it. */
  public record Started(View view, boolean created) {}

  /** Where the gateway sends a session's traffic, and the secret it presents there. */
  public record Route(String host, int port, String token) {}

  public Started start(ApiUser caller, StartRequest request) {
    requireAnonymousSessionsAllowed(caller);
    if (request.launcherId() == null || request.launcherId().isBlank()) {
      throw RenkuException.validation("launcher_id", "is required");
    }
    Launcher launcher = launchers.get(caller, request.launcherId());
    hostCommands.requireRunnable(launcher.environment());
    List<Launcher.EnvVariable> env = mergeEnv(launcher.envVariables(), request.envOverrides());
    SessionClass cls =
        compute.classFor(caller, request.resourceClassId(), launcher.resourceClassId());
    long disk =
        request.diskStorage() != null
            ? request.diskStorage()
            : launcher.diskStorage() != null ? launcher.diskStorage() : cls.defaultStorageGb();
    if (disk < 1 || disk > cls.maxStorageGb()) {
      throw RenkuException.validation(
          "disk_storage",
          "must be between 1 and " + cls.maxStorageGb() + " GB for this resource class");
    }
    Environment e = launcher.environment();
    if (e.containerImage() == null) {
      // Built from a repository and never built successfully yet.
      throw RenkuException.conflict(
          "The launcher's environment has no image yet: build it first (POST /environments/"
              + e.id()
              + "/builds).");
    }
    Project project = projects.get(caller, launcher.projectId());
    // before anything is stored: a bad override is the caller's error, not a failed session
    SessionMounts planned =
        mounts.plan(caller, launcher.projectId(), request.dataConnectorOverrides());
    String name = nameOf(caller.id(), launcher.projectId(), launcher.id());
    OffsetDateTime now = now();
    Session draft =
        new Session(
            name,
            caller.id(),
            caller.isAnonymous(),
            launcher.projectId(),
            launcher.id(),
            launcher.launcherType(),
            cls.classId(),
            cls.poolId(),
            cls.cpu(),
            cls.memoryGb(),
            cls.gpu(),
            disk,
            cls.quotaEnforced(),
            idleThreshold(caller.isAnonymous(), cls),
            hibernationThreshold(caller.isAnonymous(), cls),
            e.containerImage(),
            e.command() == null ? List.of() : e.command(),
            e.args() == null ? List.of() : e.args(),
            env,
            e.port(),
            e.defaultUrl() == null ? Environment.DEFAULT_URL : e.defaultUrl(),
            e.workingDirectory(),
            e.uid(),
            e.gid(),
            e.mountDirectory(),
            project.repositories(),
            newToken(),
            Session.RUNNING,
            now,
            now,
            now,
            null);
    Boolean created =
        tx.execute(
            status -> {
              if (sessions.get(name).isPresent()) {
                return false;
              }
              requireUnderSessionCaps(caller.id(), caller.isAnonymous(), true);
              launchGuards
                  .orderedStream()
                  .forEach(
                      g ->
                          g.beforeLaunch(
                              caller.id(), cls.poolId(), cls.classId(), cls.quotaEnforced()));
              sessions.lockPool(cls.poolId());
              requireQuota(cls.poolId(), cls.quota(), draft);
              return sessions.insertIfAbsent(draft);
            });
    Session session = sessions.get(name).orElseThrow(() -> notFound(name));
    if (Boolean.TRUE.equals(created)) {
      log.info(
          "Session {} starting for {} (project {}, launcher {}, class {})",
          name,
          caller.id(),
          launcher.projectId(),
          launcher.id(),
          cls.classId());
      try {
        runtime.start(
            session
                .spec()
                .withContext(launchContext(caller, session, project, launcher, cls))
                .withMounts(planned));
      } catch (RuntimeException failure) {
        sessions.delete(name); // nothing half-made stays behind
        throw failure;
      }
    }
    return new Started(view(session), Boolean.TRUE.equals(created));
  }

  public List<View> list(ApiUser caller, String sessionType) {
    return sessions.ofOwner(caller.id()).stream()
        .filter(s -> sessionType == null || sessionType.equals(s.sessionType()))
        .map(this::view)
        .toList();
  }

  public View get(ApiUser caller, String name) {
    return view(owned(caller, name));
  }

  /** Pauses or resumes the session, changes its class, or records activity. */
  public View patch(
      ApiUser caller, String name, String state, Integer resourceClassId, String lastInteraction) {
    Session session = owned(caller, name);
    if (lastInteraction != null) {
      OffsetDateTime at = parseInteraction(lastInteraction);
      sessions.touch(name, at, 0);
    }
    if (resourceClassId != null && resourceClassId != session.resourceClassId()) {
      SessionClass cls = compute.classFor(caller, resourceClassId, null);
      if (session.diskGb() > cls.maxStorageGb()) {
        throw RenkuException.validation(
            "resource_class_id",
            "the session's disk (" + session.diskGb() + " GB) is larger than this class allows");
      }
      tx.executeWithoutResult(
          status -> {
            sessions.lockPool(cls.poolId());
            if (session.wantsRunning() && !"hibernated".equals(state)) {
              Session moved = withClass(session, cls);
              requireQuota(cls.poolId(), cls.quota(), moved);
            }
            sessions.changeClass(
                name,
                cls.classId(),
                cls.poolId(),
                cls.cpu(),
                cls.memoryGb(),
                cls.gpu(),
                cls.quotaEnforced(),
                idleThreshold(session.anonymous(), cls),
                hibernationThreshold(session.anonymous(), cls));
          });
      if (session.wantsRunning() && state == null) {
        log.info("Session {} restarts on class {}", name, cls.classId());
        runtime.hibernate(name);
        runtime.start(withContext(caller, sessions.get(name).orElseThrow()));
      }
    }
    if (Session.HIBERNATED.equals(state)) {
      hibernate(sessions.get(name).orElseThrow(), "paused by its owner");
    } else if (Session.RUNNING.equals(state)) {
      resume(caller, sessions.get(name).orElseThrow());
    } else if (state != null) {
      throw RenkuException.validation("state", "must be running or hibernated");
    }
    return view(sessions.get(name).orElseThrow(() -> notFound(name)));
  }

  public void delete(ApiUser caller, String name) {
    owned(caller, name);
    sessions.delete(name);
    runtime.delete(name);
    log.info("Session {} deleted by its owner", name);
  }

  /** The session's output; its token (Jupyter prints it in its start-up lines) is blanked. */
  public String logs(ApiUser caller, String name, int maxLines) {
    Session session = owned(caller, name);
    return runtime.logs(name, maxLines).replace(session.token(), "[redacted]");
  }

  /**
   * Where the caller's session runs, for the gateway; empty unless the caller owns it and it has an
   * address. Counts as activity.
   */
  public Optional<Route> route(ApiUser caller, String name) {
    Optional<Session> session = sessions.get(name).filter(s -> s.ownerId().equals(caller.id()));
    if (session.isEmpty()) {
      return Optional.empty();
    }
    sessions.touch(name, now(), 10);
    return runtime.upstream(name).map(u -> new Route(u.host(), u.port(), session.get().token()));
  }

  /**
   * Every session that should be running, with what its runtime reports, for sampling what they
   * use; checks no permission (the caller is the platform itself).
   */
  public List<View> allWantingToRun() {
    return sessions.all().stream().filter(Session::wantsRunning).map(this::view).toList();
  }

  /** Pauses a session: the runtime stops it and keeps its files. */
  void hibernate(Session session, String why) {
    if (session.wantsRunning()) {
      sessions.markHibernated(session.name(), now());
      log.info("Session {} paused: {}", session.name(), why);
    }
    runtime.hibernate(session.name());
  }

  private void resume(ApiUser caller, Session session) {
    RuntimeState current = runtime.status(session.name()).state();
    if (session.wantsRunning()
        && current != RuntimeState.FAILED
        && current != RuntimeState.HIBERNATED) {
      return;
    }
    requireAnonymousSessionsAllowed(caller);
    if (!hostCommands.mayRunAgain(session.launcherId(), session.command(), session.args())) {
      throw RenkuException.validation(
          "state",
          "this session runs a command that no platform administrator set (its launcher changed,"
              + " or it was started before only administrators could set commands); delete it and"
              + " start it again");
    }
    tx.executeWithoutResult(
        status -> {
          if (!session.wantsRunning()) {
            requireUnderSessionCaps(session.ownerId(), session.anonymous(), false);
          }
          sessions.lockPool(session.resourcePoolId());
          if (!session.wantsRunning()) {
            SessionClass cls = compute.byId(session.resourceClassId());
            requireQuota(session.resourcePoolId(), cls == null ? null : cls.quota(), session);
            boolean enforced = cls == null ? session.quotaEnforced() : cls.quotaEnforced();
            launchGuards
                .orderedStream()
                .forEach(
                    g ->
                        g.beforeLaunch(
                            session.ownerId(),
                            session.resourcePoolId(),
                            session.resourceClassId(),
                            enforced));
          }
          sessions.markRunning(session.name(), now());
        });
    log.info("Session {} resuming", session.name());
    if (current == RuntimeState.FAILED) {
      runtime.hibernate(session.name()); // clears the failed run
    }
    runtime.start(withContext(caller, session));
  }

  /**
   * What a cluster session carries beyond what it runs (decision 0023): who started it (the
   * authentication of its pod), its project and launcher (its variables) and where its class lets
   * it be scheduled.
   */
  private static LaunchContext launchContext(
      ApiUser caller, Session session, Project project, Launcher launcher, SessionClass cls) {
    return new LaunchContext(
        caller.isAnonymous(),
        caller.email(),
        session.projectId(),
        project == null ? null : project.namespaceSlug() + "/" + project.slug(),
        session.launcherId(),
        project == null ? null : project.secretsMountDirectory(),
        session.defaultUrl(),
        launcher != null
            && launcher.environment() != null
            && launcher.environment().stripPathPrefix(),
        cls == null ? null : cls.placement());
  }

  /** The session's spec with what is still known of its context (project, launcher, class). */
  private SessionSpec withContext(ApiUser caller, Session session) {
    Project project = null;
    Launcher launcher = null;
    try {
      project = projects.get(caller, session.projectId());
      launcher = launchers.get(caller, session.launcherId());
    } catch (RenkuException gone) {
      // deleted or no longer readable: the variables then lack what it told
    }
    return session
        .spec()
        .withContext(
            launchContext(
                caller, session, project, launcher, compute.byId(session.resourceClassId())));
  }

  private Session owned(ApiUser caller, String name) {
    return sessions
        .get(name)
        .filter(s -> s.ownerId().equals(caller.id()))
        .orElseThrow(() -> notFound(name));
  }

  View view(Session s) {
    String url = properties.publicUrl().replaceAll("/+$", "") + s.basePath() + s.defaultUrl();
    RuntimeStatus status = runtime.status(s.name());
    if (status.message() != null && status.message().contains(s.token())) {
      // a failure message quotes the session's last output line, which may print its token
      status =
          new RuntimeStatus(
              status.state(),
              status.message().replace(s.token(), "[redacted]"),
              status.readyContainers(),
              status.totalContainers(),
              status.startedAt());
    }
    return new View(s, status, url);
  }

  /**
   * 403 for anonymous callers unless an administrator turned anonymous sessions on: otherwise
   * anyone who can reach the platform could use its machines.
   */
  private void requireAnonymousSessionsAllowed(ApiUser caller) {
    if (caller.isAnonymous() && !platform.anonymousSessionsEnabled()) {
      throw RenkuException.forbidden(
          "Anonymous sessions are turned off on this platform; log in to start a session.");
    }
  }

  /**
   * 409 when the owner already has {@code renku.sessions.max-per-user} sessions running or
   * starting, or when a new anonymous session would pass {@code renku.sessions.max-anonymous} (each
   * new anonymous cookie is a new caller, so only a platform-wide count bounds them). Takes the
   * owner's lock (then the anonymous one): call inside the transaction that inserts or resumes,
   * before the pool's lock.
   */
  private void requireUnderSessionCaps(String ownerId, boolean anonymous, boolean newSession) {
    sessions.lockOwner(ownerId);
    int perUser = properties.maxPerUser();
    if (perUser > 0 && sessions.countWantingToRun(ownerId) >= perUser) {
      throw RenkuException.conflict(
          "You already have "
              + perUser
              + " sessions running or starting, the most one person may have on this platform;"
              + " pause or delete one to start another.");
    }
    if (anonymous && newSession) {
      sessions.lockAnonymous();
      int anonymousMax = properties.maxAnonymous();
      if (anonymousMax > 0 && sessions.countAnonymous() >= anonymousMax) {
        throw RenkuException.conflict(
            "Visitors who are not logged in have "
                + anonymousMax
                + " sessions on this platform, the most it allows; log in to start a session, or"
                + " try again later.");
      }
    }
  }

  /** The pool's idle threshold, at most {@code renku.sessions.anonymous-idle} for visitors. */
  private Long idleThreshold(boolean anonymous, SessionClass cls) {
    return anonymous
        ? atMost(cls.idleThresholdSeconds(), properties.anonymousIdle())
        : cls.idleThresholdSeconds();
  }

  /** The same for the time a paused session is kept ({@code anonymous-hibernation}). */
  private Long hibernationThreshold(boolean anonymous, SessionClass cls) {
    return anonymous
        ? atMost(cls.hibernationThresholdSeconds(), properties.anonymousHibernation())
        : cls.hibernationThresholdSeconds();
  }

  /** {@code seconds} (null or 0: none) capped at {@code cap}. */
  private static Long atMost(Long seconds, java.time.Duration cap) {
    long capSeconds = Math.max(1, cap.toSeconds());
    return seconds == null || seconds <= 0 ? capSeconds : Math.min(seconds, capSeconds);
  }

  private void requireQuota(int poolId, SessionClass.Quota quota, Session session) {
    if (quota == null || !session.quotaEnforced()) {
      return;
    }
    SessionRepository.Usage used = sessions.runningUsage(poolId);
    List<String> over = new ArrayList<>();
    if (used.cpu() + session.cpu() > quota.cpu() + 1e-9) {
      over.add("CPU (" + fmt(used.cpu()) + " of " + fmt(quota.cpu()) + " in use)");
    }
    if (used.memoryGb() + session.memoryGb() > quota.memoryGb()) {
      over.add("memory (" + used.memoryGb() + " of " + quota.memoryGb() + " GB in use)");
    }
    if (used.gpu() + session.gpu() > quota.gpu()) {
      over.add("GPUs (" + used.gpu() + " of " + quota.gpu() + " in use)");
    }
    if (!over.isEmpty()) {
      throw RenkuException.validation(
          "resource_class_id",
          "starting this session would exceed the quota of its resource pool: "
              + String.join(", ", over)
              + ". Pause or delete a session, or choose a smaller class.");
    }
  }

  private static Session withClass(Session s, SessionClass c) {
    return new Session(
        s.name(),
        s.ownerId(),
        s.anonymous(),
        s.projectId(),
        s.launcherId(),
        s.sessionType(),
        c.classId(),
        c.poolId(),
        c.cpu(),
        c.memoryGb(),
        c.gpu(),
        s.diskGb(),
        c.quotaEnforced(),
        c.idleThresholdSeconds(),
        c.hibernationThresholdSeconds(),
        s.image(),
        s.command(),
        s.args(),
        s.env(),
        s.port(),
        s.defaultUrl(),
        s.workingDirectory(),
        s.uid(),
        s.gid(),
        s.mountDirectory(),
        s.repositories(),
        s.token(),
        s.desiredState(),
        s.createdAt(),
        s.startedAt(),
        s.lastInteraction(),
        s.hibernatedAt());
  }

  private static List<Launcher.EnvVariable> mergeEnv(
      List<Launcher.EnvVariable> base, List<Launcher.EnvVariable> overrides) {
    Map<String, String> merged = new LinkedHashMap<>();
    base.stream() // a launcher stored before reserved names were refused may hold some
        .filter(v -> !io.renku.data.launcher.ReservedVariables.isReserved(v.name()))
        .forEach(v -> merged.put(v.name(), v.value()));
    if (overrides != null) {
      if (overrides.size() > 32) {
        throw RenkuException.validation("env_variable_overrides", "at most 32 variables");
      }
      for (Launcher.EnvVariable v : overrides) {
        if (v.name() == null || !ENV_NAME.matcher(v.name()).matches() || v.name().length() > 256) {
          throw RenkuException.validation(
              "env_variable_overrides",
              "'"
                  + v.name()
                  + "' is not a valid variable name (letters, digits and _, not"
                  + " starting with a digit)");
        }
        merged.put(v.name(), v.value());
      }
      VariableNames.requireNotReserved("env_variable_overrides", overrides);
    }
    List<Launcher.EnvVariable> out = new ArrayList<>();
    merged.forEach((k, v) -> out.add(new Launcher.EnvVariable(k, v)));
    return out;
  }

  /**
   * The same caller, project and launcher always give the same name, which makes starting
   * idempotent and keeps names free of anything personal.
   */
  static String nameOf(String ownerId, String projectId, String launcherId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (ownerId + "\n" + projectId + "\n" + launcherId)
                      .getBytes(StandardCharsets.UTF_8));
      return "renku-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
  }

  private OffsetDateTime parseInteraction(String value) {
    if ("now".equals(value)) {
      return now();
    }
    try {
      OffsetDateTime at = OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
      return at.isAfter(now()) ? now() : at;
    } catch (java.time.format.DateTimeParseException e) {
      throw RenkuException.validation(
          "lastInteraction", "must be \"now\" or an ISO 8601 date-time");
    }
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static RenkuException notFound(String name) {
    return RenkuException.notFound(
        "Session " + name + " does not exist or you do not have access to it.");
  }
}

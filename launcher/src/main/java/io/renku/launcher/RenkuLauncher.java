package io.renku.launcher;

import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode: the whole platform in one JVM on one port. Starts Postgres (a real server from the
 * embedded binaries, data under the data directory), the SpiceDB engine (in memory, rebuilt from
 * Postgres at start), the identity provider, the data service, then the gateway (on 127.0.0.1
 * unless {@code --listen} says otherwise). Ctrl-C (SIGINT) or SIGTERM stops them in reverse order:
 * requests in flight finish first, Postgres stops last. If the JVM is killed instead, Postgres and
 * the sessions are stopped by their watchers, and a Postgres left running anyway is stopped at the
 * next start ({@link LocalPostgres}).
 */
public final class RenkuLauncher {
  // Not this class's name: Spring logs its start-up lines under the main class's (ConsoleLine).
  private static final Logger log = LoggerFactory.getLogger("io.renku.launcher");

  private RenkuLauncher() {}

  public static void main(String[] args) throws Exception {
    LauncherOptions options;
    try {
      options = LauncherOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("renku: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.command().equals("token")) {
      printToken(options);
      return;
    }
    up(options);
  }

  private static void printToken(LauncherOptions o) {
    LocalKeys keys = LocalKeys.loadOrCreate(o.dataDir().resolve("keys"));
    String name = o.user() == null ? "admin" : o.user();
    String userId =
        o.subject() != null
            ? o.subject()
            : UUID.nameUUIDFromBytes(("renku-local:" + name).getBytes()).toString();
    String email = o.email() == null ? name + "@renku.local" : o.email();
    // The issuer of the platform that uses this data directory (it wrote it at start); before
    // any start, the one `up` with the same options would have.
    String issuer = LocalTokens.issuerOf(o.dataDir(), o.publicUrl() + "/auth");
    System.out.println(
        LocalTokens.mint(keys, issuer, userId, email, name, "", o.admin(), Duration.ofHours(12)));
  }

  static void up(LauncherOptions o) throws Exception {
    LocalLogging logging = o.logFormat().equals("text") ? LocalLogging.install(o.dataDir()) : null;
    LocalPlatform platform;
    try {
      platform = LocalPlatform.start(o);
    } catch (IllegalStateException e) {
      if (logging != null) {
        logging.startFinished();
      }
      if (String.valueOf(e.getMessage()).contains("could not lock")) {
        System.err.println(
            "renku: another Renku is already running with the data directory "
                + o.dataDir()
                + "; stop it first or pass --data-dir");
        System.exit(1);
      }
      throw e;
    } catch (Exception | Error e) {
      if (logging != null) {
        logging.startFinished();
      }
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "renku-shutdown"));
    log.info(
        "Started in {} ms. Log in on the web page, or get an API token with"
            + " ./renku token --user <name> [--admin]",
        platform.startupMillis());
    if (logging != null) {
      // the administrator banner of a first start, after the start's lines, before the last one
      logging.startFinished();
    }
    log.info("{}", readyLine(o.publicUrl(), platform.sessionRuntime()));
  }

  /** The last line of the start: where the platform is and where its sessions run. */
  static String readyLine(String url, String sessionRuntime) {
    return "Renku is ready at "
        + url
        + " (sessions: "
        + (sessionRuntime.equals("container")
            ? "containers via podman"
            : "processes on this machine")
        + ")";
  }
}

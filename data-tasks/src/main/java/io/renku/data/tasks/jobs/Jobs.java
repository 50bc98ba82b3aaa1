package io.renku.data.tasks.jobs;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's one-off jobs, run from the data tasks' image with a command as first argument (the
 * chart's Jobs): {@code realm-init} ({@link RealmInit}) and {@code request-reprovision} ({@link
 * RequestReprovision}). Exit status: 0 done, 1 failed, 2 invalid settings or unknown command.
 */
public final class Jobs {
  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  private Jobs() {}

  /** Runs the job named by {@code args[0]} with the process's environment; the exit status. */
  public static int run(String[] args, Map<String, String> env) {
    String job = args.length == 0 ? "" : args[0];
    try {
      switch (job) {
        case "realm-init" -> {
          RealmInit.Result r = new RealmInit(RealmInit.Settings.fromEnv(env)).run();
          log.info(
              "realm init done: realm created {}, clients created {}, clients updated {}, roles"
                  + " created {}, initial administrator created {}",
              r.realmCreated(),
              r.clientsCreated(),
              r.clientsUpdated(),
              r.rolesCreated(),
              r.adminCreated());
          return 0;
        }
        case "request-reprovision" -> {
          RequestReprovision.run(
              RequestReprovision.dataSource(env),
              JobSettings.duration(env, "DB_WAIT", java.time.Duration.ofMinutes(5)));
          return 0;
        }
        default -> {
          log.error("unknown job '{}': realm-init or request-reprovision", job);
          return 2;
        }
      }
    } catch (IllegalArgumentException e) {
      log.error("invalid settings: {}", e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.error("{} interrupted", job);
      return 1;
    } catch (Exception e) {
      log.error("{} failed: {}", job, e.getMessage());
      return 1;
    }
  }
}

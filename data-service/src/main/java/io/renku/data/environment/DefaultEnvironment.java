package io.renku.data.environment;

import io.renku.core.Ulid;
import io.renku.data.config.SessionProperties;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At the first start with the local runtime, creates a global environment that runs on a fresh
 * Debian machine: the classic Jupyter notebook server from Debian's {@code jupyter-notebook}
 * package (which {@code ./renku up} installs). Only when no environment exists at all, so that an
 * administrator who deleted it does not get it back.
 */
@Component
public class DefaultEnvironment implements ApplicationRunner {
  /**
   * How Debian's notebook server starts in a session ({@code $(VAR)} filled in by the runtime): the
   * default environment's command, and that of images built from code on it.
   */
  public static final List<String> JUPYTER_COMMAND = List.of("/usr/bin/jupyter-notebook");

  public static final List<String> JUPYTER_ARGS =
      List.of(
          "--ip=$(RENKU_SESSION_IP)",
          "--port=$(RENKU_SESSION_PORT)",
          "--no-browser",
          "--allow-root",
          "--notebook-dir=$(RENKU_WORKING_DIR)",
          "--NotebookApp.base_url=$(RENKU_BASE_URL_PATH)",
          // the gateway is the one in front: it checks who may come in and rewrites nothing
          "--NotebookApp.allow_remote_access=True",
          "--NotebookApp.allow_origin=*");

  private static final Logger log = LoggerFactory.getLogger(DefaultEnvironment.class);
  static final String NAME = "Jupyter notebook (local)";
  static final String PROCESS_IMAGE = "debian:bookworm";
  static final String PROCESS_DESCRIPTION =
      "The classic Jupyter notebook from Debian's packages, run as a process on this machine.";
  static final String CONTAINER_DESCRIPTION =
      "The classic Jupyter notebook from Debian's packages, in an image built on this machine.";

  private final EnvironmentRepository environments;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final SessionProperties properties;

  public DefaultEnvironment(
      EnvironmentRepository environments,
      JdbcClient jdbc,
      TransactionTemplate tx,
      SessionProperties properties) {
    this.environments = environments;
    this.jdbc = jdbc;
    this.tx = tx;
    this.properties = properties;
  }

  /**
   * The environment: {@code $(VAR)} are filled in by the runtime, so the same command runs as a
   * process on this machine and in the image built for it ({@code image}, from Debian's packages).
   */
  static Environment jupyter(String image) {
    boolean container = !image.equals(PROCESS_IMAGE);
    return new Environment(
        Ulid.next(),
        NAME,
        container ? CONTAINER_DESCRIPTION : PROCESS_DESCRIPTION,
        image,
        "/tree",
        Environment.DEFAULT_UID,
        Environment.DEFAULT_UID,
        null,
        null,
        8888,
        JUPYTER_COMMAND,
        JUPYTER_ARGS,
        false,
        false,
        Environment.GLOBAL,
        "image",
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS),
        null);
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.defaultEnvironment() || !properties.onThisMachine()) {
      return;
    }
    String image =
        properties.processRuntime() || properties.container().defaultImage().isBlank()
            ? PROCESS_IMAGE
            : properties.container().defaultImage();
    tx.executeWithoutResult(
        status -> {
          // one replica creates it, the others wait here and then see it
          jdbc.sql("SELECT pg_advisory_xact_lock(:k1, :k2)")
              .param("k1", 0x5e55)
              .param("k2", 0)
              .query(Object.class)
              .single();
          long count =
              jdbc.sql("SELECT count(*) FROM sessions.environments").query(Long.class).single();
          if (count == 0) {
            Environment e = jupyter(image);
            environments.insert(e, null);
            log.info("Created the default session environment '{}' ({})", NAME, e.id());
            return;
          }
          // the platform's own environment follows the image this machine built for it (a first
          // start with processes stored debian:bookworm; a newer image has a new tag)
          environments.listGlobal(true).stream()
              .filter(e -> e.name().equals(NAME) && !e.containerImage().equals(image))
              .filter(e -> environments.createdBy(e.id()).isEmpty())
              .filter(e -> isOurs(e.containerImage()))
              .forEach(
                  e -> {
                    environments.update(withImage(e, image));
                    // sessions keep a snapshot of what they run: those of this environment's
                    // launchers follow too, or they could not resume
                    jdbc.sql(
                            "UPDATE sessions.sessions s SET image = :image FROM sessions.launchers l"
                                + " WHERE s.launcher_id = l.id AND l.environment_id = :env"
                                + " AND s.image = :old")
                        .param("image", image)
                        .param("env", e.id())
                        .param("old", e.containerImage())
                        .update();
                    log.info(
                        "The default session environment '{}' now runs {} (was {})",
                        NAME,
                        image,
                        e.containerImage());
                  });
        });
  }

  /** Images this class ever stored: the process placeholder and the images built here. */
  private static boolean isOurs(String image) {
    return image.equals(PROCESS_IMAGE) || image.startsWith("localhost/renku/jupyter:");
  }

  private static Environment withImage(Environment e, String image) {
    return new Environment(
        e.id(),
        e.name(),
        image.equals(PROCESS_IMAGE) ? PROCESS_DESCRIPTION : CONTAINER_DESCRIPTION,
        image,
        e.defaultUrl(),
        e.uid(),
        e.gid(),
        e.workingDirectory(),
        e.mountDirectory(),
        e.port(),
        e.command(),
        e.args(),
        e.archived(),
        e.stripPathPrefix(),
        e.kind(),
        e.imageSource(),
        e.creationDate(),
        e.build());
  }
}

package io.renku.data.session;

import io.renku.core.Ulid;
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
  private static final Logger log = LoggerFactory.getLogger(DefaultEnvironment.class);
  static final String NAME = "Jupyter notebook (local)";

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

  /** The environment: {@code $(VAR)} are filled in by the runtime (see LocalProcessRuntime). */
  static Environment jupyter() {
    return new Environment(
        Ulid.next(),
        NAME,
        "The classic Jupyter notebook from Debian's packages, run as a process on this machine.",
        "debian:bookworm",
        "/tree",
        Environment.DEFAULT_UID,
        Environment.DEFAULT_UID,
        null,
        null,
        8888,
        List.of("/usr/bin/jupyter-notebook"),
        List.of(
            "--ip=$(RENKU_SESSION_IP)",
            "--port=$(RENKU_SESSION_PORT)",
            "--no-browser",
            "--allow-root",
            "--notebook-dir=$(RENKU_WORKING_DIR)",
            "--NotebookApp.base_url=$(RENKU_BASE_URL_PATH)",
            // the gateway is the one in front: it checks who may come in and rewrites nothing
            "--NotebookApp.allow_remote_access=True",
            "--NotebookApp.allow_origin=*"),
        false,
        false,
        Environment.GLOBAL,
        "image",
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.defaultEnvironment() || !"local".equals(properties.runtime())) {
      return;
    }
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
            Environment e = jupyter();
            environments.insert(e, null);
            log.info("Created the default session environment '{}' ({})", NAME, e.id());
          }
        });
  }
}

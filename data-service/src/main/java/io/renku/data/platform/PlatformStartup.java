package io.renku.data.platform;

import io.renku.authz.postgres.AuthzSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Runs before the web server accepts requests: writes the SpiceDB schema, rebuilds an empty SpiceDB
 * from Postgres, and sets the platform-wide relations.
 */
@Component
public class PlatformStartup implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(PlatformStartup.class);

  private final AuthzSync sync;
  private final PlatformService platform;

  public PlatformStartup(AuthzSync sync, PlatformService platform) {
    this.sync = sync;
    this.platform = platform;
  }

  @Override
  public void afterSingletonsInstantiated() {
    long started = System.nanoTime();
    sync.rebuildIfEmpty();
    platform.applyCreatorRelations();
    log.info("Authorization ready in {} ms", (System.nanoTime() - started) / 1_000_000);
  }
}

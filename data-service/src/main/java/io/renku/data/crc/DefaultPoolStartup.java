package io.renku.data.crc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the default resource pool at the first start (runs after {@code PlatformStartup} has
 * written the authorization schema, before the service reports itself ready).
 *
 * <p>Its sessions are paused after an hour without use and deleted after a day paused, so that
 * forgotten sessions do not hold the machine for ever (anonymous visitors' sooner, see {@code
 * renku.sessions.anonymous-idle}); administrators may change both on the pool. Migration V11 gives
 * existing default pools the same when nobody has set them.
 */
@Component
public class DefaultPoolStartup implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DefaultPoolStartup.class);
  static final int IDLE_THRESHOLD_SECONDS = 3600;
  static final int HIBERNATION_THRESHOLD_SECONDS = 86_400;

  private final ResourcePoolService pools;

  public DefaultPoolStartup(ResourcePoolService pools) {
    this.pools = pools;
  }

  @Override
  public void run(ApplicationArguments args) {
    pools
        .ensureDefaultPool(IDLE_THRESHOLD_SECONDS, HIBERNATION_THRESHOLD_SECONDS)
        .ifPresent(p -> log.info("Created the default resource pool {} ({})", p.name(), p.id()));
  }
}

package io.renku.data.crc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the default resource pool at the first start (runs after {@code PlatformStartup} has
 * written the authorization schema, before the service reports itself ready).
 */
@Component
public class DefaultPoolStartup implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DefaultPoolStartup.class);

  private final ResourcePoolService pools;

  public DefaultPoolStartup(ResourcePoolService pools) {
    this.pools = pools;
  }

  @Override
  public void run(ApplicationArguments args) {
    pools
        .ensureDefaultPool()
        .ifPresent(p -> log.info("Created the default resource pool {} ({})", p.name(), p.id()));
  }
}

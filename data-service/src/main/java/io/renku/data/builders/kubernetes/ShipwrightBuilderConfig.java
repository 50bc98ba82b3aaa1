package io.renku.data.builders.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.renku.data.config.SessionProperties;
import io.renku.k8s.cache.CacheSchema;
import io.renku.k8s.cache.CacheStore;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster-mode {@link io.renku.data.build.ImageBuilder} when {@code renku.builds.enabled=true}
 * and {@code renku.builds.builder=kubernetes}: Shipwright BuildRuns in the namespace of {@code
 * renku.builds.kubernetes.namespace} (else the sessions' namespace), their state read from the k8s
 * cache table, whose schema is created here if the watcher has not yet (as for sessions).
 */
@Configuration
@ConditionalOnProperty(name = "renku.builds.enabled", havingValue = "true")
public class ShipwrightBuilderConfig {

  /**
   * How often a failed API call is retried before the caller hears that the cluster is away: a
   * user's request waits for it, and fabric8's default (10, backing off exponentially) would hold
   * it for minutes.
   */
  static final int REQUEST_RETRIES = 2;

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "renku.builds.builder", havingValue = "kubernetes")
  ShipwrightImageBuilder shipwrightImageBuilder(
      ShipwrightSettings configured,
      SessionProperties sessions,
      DataSource dataSource,
      org.springframework.beans.factory.ObjectProvider<
              io.renku.data.connectedservice.RepositoryService>
          repositories) {
    ShipwrightSettings settings =
        configured.withFallbacks(
            sessions.kubernetes().namespace(), sessions.kubernetes().masterUrl());
    Config config =
        settings.masterUrl().isBlank()
            ? Config.autoConfigure(null)
            : new ConfigBuilder().withMasterUrl(settings.masterUrl()).withTrustCerts(true).build();
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    CacheSchema.migrate(dataSource);
    return new ShipwrightImageBuilder(
        new KubernetesClientBuilder().withConfig(config).build(),
        new CacheStore(dataSource),
        settings,
        // the build's owner's connected service clones private repositories (decision 0040)
        (ownerId, url) -> {
          var r = repositories.getIfAvailable();
          return r == null ? java.util.Optional.empty() : r.gitAuthorization(ownerId, url);
        });
  }
}

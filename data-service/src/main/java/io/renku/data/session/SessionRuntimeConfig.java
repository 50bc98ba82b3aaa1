package io.renku.data.session;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.renku.data.session.runtime.KubernetesRuntime;
import io.renku.data.session.runtime.LocalProcessRuntime;
import io.renku.data.session.runtime.SessionRuntime;
import io.renku.k8s.watcher.CacheSchema;
import io.renku.k8s.watcher.CacheStore;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the session runtime from {@code renku.sessions.runtime}: {@code local} (processes on this
 * machine) or {@code kubernetes} (AmaltheaSession resources; their state read from the watcher's
 * cache table, whose schema is created here if the watcher has not yet).
 */
@Configuration
public class SessionRuntimeConfig {

  @Bean(destroyMethod = "close")
  SessionRuntime sessionRuntime(SessionProperties properties, DataSource dataSource) {
    return switch (properties.runtime()) {
      case "local" -> {
        Path root =
            properties.localRoot().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "renku-sessions")
                : Path.of(properties.localRoot());
        yield new LocalProcessRuntime(root, properties.startTimeout());
      }
      case "kubernetes" -> {
        SessionProperties.Kubernetes k = properties.kubernetes();
        if (k.ingressHost().isBlank()) {
          throw new IllegalStateException(
              "renku.sessions.kubernetes.ingress-host is required with the kubernetes runtime");
        }
        Config config =
            k.masterUrl().isBlank()
                ? Config.autoConfigure(null)
                : new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl(k.masterUrl())
                    .withTrustCerts(true)
                    .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        CacheSchema.migrate(dataSource);
        yield new KubernetesRuntime(
            client,
            new CacheStore(dataSource),
            new KubernetesRuntime.Settings(
                k.namespace(),
                k.ingressHost(),
                k.ingressClassName(),
                k.tlsSecret(),
                k.storageClass(),
                k.cpuLimitFactor()));
      }
      default ->
          throw new IllegalStateException(
              "renku.sessions.runtime must be local or kubernetes; got '"
                  + properties.runtime()
                  + "'");
    };
  }
}

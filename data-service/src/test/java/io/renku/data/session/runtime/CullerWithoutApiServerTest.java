package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.renku.data.session.SessionCuller;
import io.renku.k8s.cache.CacheStore;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The culler's pass while the Kubernetes API server cannot be reached (a data service that starts
 * before it, or an outage): it must end quietly and leave the next pass to try again, not throw out
 * of the start-up thread or the scheduler (seen from the data service's image started without an
 * API server).
 */
class CullerWithoutApiServerTest {
  @Test
  void aPassWithoutTheApiServerEndsQuietly() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Config config =
        new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:" + closed)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(1_000)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      KubernetesRuntime runtime =
          new KubernetesRuntime(
              client, new CacheStore(new DriverManagerDataSource()), Launches.SETTINGS);
      // what the pass asks first fails as it did in the image
      assertThatThrownBy(runtime::keptNames).isInstanceOf(RuntimeException.class);
      // the repositories and the service are not reached when the runtime cannot be read
      SessionCuller culler = new SessionCuller(null, null, runtime, null, null);
      assertThatCode(culler::pass).doesNotThrowAnyException();
    }
  }
}

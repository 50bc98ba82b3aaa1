package io.renku.k8s.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.k8s.cache.ResourceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatcherConfigTest {

  @Test
  void defaultsToAmaltheaSessionsInTheClientNamespace() {
    WatcherConfig config = WatcherConfig.fromEnv(Map.of(), "renku");

    assertThat(config)
        .isEqualTo(
            new WatcherConfig(
                "local",
                List.of(ResourceKind.AMALTHEA_SESSION),
                List.of("renku"),
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                1000,
                Path.of("/tmp/cache_ready")));
  }

  @Test
  void readsEverySetting() {
    WatcherConfig config =
        WatcherConfig.fromEnv(
            Map.of(
                "K8S_CLUSTER_ID", "01JCLUSTER",
                "K8S_WATCHER_KINDS",
                    "amalthea.dev/v1alpha1/AmaltheaSession, shipwright.io/v1beta1/BuildRun",
                "K8S_NAMESPACE", "a,b",
                "K8S_WATCHER_RESYNC_INTERVAL", "PT30S",
                "K8S_WATCHER_RETRY_DELAY", "3",
                "K8S_WATCHER_BATCH_SIZE", "50",
                "K8S_WATCHER_READY_FILE", ""),
            "ignored");

    assertThat(config)
        .isEqualTo(
            new WatcherConfig(
                "01JCLUSTER",
                List.of(ResourceKind.AMALTHEA_SESSION, ResourceKind.BUILD_RUN),
                List.of("a", "b"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(3),
                50,
                null));
  }

  @Test
  void starMeansAllNamespacesAndMustStandAlone() {
    assertThat(WatcherConfig.fromEnv(Map.of("K8S_NAMESPACE", "*"), null).namespaces())
        .containsExactly("*");
    assertThatThrownBy(() -> WatcherConfig.fromEnv(Map.of("K8S_NAMESPACE", "*,a"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WatcherConfig.fromEnv(Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBadDurations() {
    assertThatThrownBy(
            () -> WatcherConfig.fromEnv(Map.of("K8S_WATCHER_RESYNC_INTERVAL", "5 minutes"), "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("K8S_WATCHER_RESYNC_INTERVAL");
    assertThatThrownBy(() -> WatcherConfig.fromEnv(Map.of("K8S_WATCHER_RESYNC_INTERVAL", "0"), "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

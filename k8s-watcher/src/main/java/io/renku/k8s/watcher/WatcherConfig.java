package io.renku.k8s.watcher;

import io.renku.k8s.cache.ResourceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the watcher mirrors and how.
 *
 * @param clusterId the id stored with every row (one watcher per cluster)
 * @param kinds the kinds to mirror
 * @param namespaces the namespaces to watch; {@link #ALL_NAMESPACES} alone means every namespace
 * @param resyncInterval time between two full resyncs
 * @param retryDelay delay before a failed resync is tried again, and the longest delay between two
 *     attempts to write events while the database is away
 * @param batchSize most events written in one transaction
 * @param readyFile a file written after the first full resync (a readiness probe can test it), or
 *     null
 */
public record WatcherConfig(
    String clusterId,
    List<ResourceKind> kinds,
    List<String> namespaces,
    Duration resyncInterval,
    Duration retryDelay,
    int batchSize,
    Path readyFile) {

  public static final String ALL_NAMESPACES = "*";
  public static final String DEFAULT_CLUSTER_ID = "local";
  public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(10);
  public static final int DEFAULT_BATCH_SIZE = 1000;

  public WatcherConfig {
    Objects.requireNonNull(clusterId, "clusterId");
    kinds = List.copyOf(kinds);
    namespaces = List.copyOf(namespaces);
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no kinds to watch");
    }
    if (namespaces.isEmpty() || (namespaces.contains(ALL_NAMESPACES) && namespaces.size() > 1)) {
      throw new IllegalArgumentException(
          "namespaces must be one or more names, or '*' alone: " + namespaces);
    }
    if (resyncInterval.isNegative() || resyncInterval.isZero()) {
      throw new IllegalArgumentException("resync interval must be positive");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
  }

  /** Mirrors AmaltheaSessions of one namespace with the defaults. */
  public static WatcherConfig defaults(String namespace) {
    return new WatcherConfig(
        DEFAULT_CLUSTER_ID,
        List.of(ResourceKind.AMALTHEA_SESSION),
        List.of(namespace),
        DEFAULT_RESYNC_INTERVAL,
        DEFAULT_RETRY_DELAY,
        DEFAULT_BATCH_SIZE,
        null);
  }

  /**
   * Reads the settings from environment variables (see the module README):
   *
   * <ul>
   *   <li>{@code K8S_CLUSTER_ID} (default {@value #DEFAULT_CLUSTER_ID})
   *   <li>{@code K8S_WATCHER_KINDS}: comma-separated {@code group/version/Kind[/plural]} (default
   *       {@code amalthea.dev/v1alpha1/AmaltheaSession})
   *   <li>{@code K8S_NAMESPACE}: comma-separated namespaces, or {@code *} for all (default: the
   *       client's namespace)
   *   <li>{@code K8S_WATCHER_RESYNC_INTERVAL}, {@code K8S_WATCHER_RETRY_DELAY}: seconds or an
   *       ISO-8601 duration such as {@code PT5M} (defaults 5 min, 10 s)
   *   <li>{@code K8S_WATCHER_BATCH_SIZE} (default {@value #DEFAULT_BATCH_SIZE})
   *   <li>{@code K8S_WATCHER_READY_FILE} (default {@code /tmp/cache_ready}; empty for none)
   * </ul>
   *
   * @throws IllegalArgumentException if a value cannot be parsed
   */
  public static WatcherConfig fromEnv(Map<String, String> env, String defaultNamespace) {
    String namespaces = env.getOrDefault("K8S_NAMESPACE", "").trim();
    if (namespaces.isEmpty()) {
      if (defaultNamespace == null || defaultNamespace.isBlank()) {
        throw new IllegalArgumentException("K8S_NAMESPACE is not set and the client has none");
      }
      namespaces = defaultNamespace;
    }
    String readyFile = env.getOrDefault("K8S_WATCHER_READY_FILE", "/tmp/cache_ready").trim();
    return new WatcherConfig(
        env.getOrDefault("K8S_CLUSTER_ID", DEFAULT_CLUSTER_ID).trim(),
        split(env.getOrDefault("K8S_WATCHER_KINDS", "amalthea.dev/v1alpha1/AmaltheaSession"))
            .stream()
            .map(ResourceKind::parse)
            .toList(),
        split(namespaces),
        duration(env, "K8S_WATCHER_RESYNC_INTERVAL", DEFAULT_RESYNC_INTERVAL),
        duration(env, "K8S_WATCHER_RETRY_DELAY", DEFAULT_RETRY_DELAY),
        Integer.parseInt(
            env.getOrDefault("K8S_WATCHER_BATCH_SIZE", String.valueOf(DEFAULT_BATCH_SIZE)).trim()),
        readyFile.isEmpty() ? null : Path.of(readyFile));
  }

  private static List<String> split(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.getOrDefault(name, "").trim();
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return value.chars().allMatch(Character::isDigit)
          ? Duration.ofSeconds(Long.parseLong(value))
          : Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a duration: " + value, e);
    }
  }
}

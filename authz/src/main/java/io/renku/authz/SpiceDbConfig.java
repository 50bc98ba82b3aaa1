package io.renku.authz;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach SpiceDB.
 *
 * @param host SpiceDB host
 * @param port SpiceDB gRPC port
 * @param presharedKey sent as {@code authorization: Bearer <key>}, or null for none
 * @param deadline per-call deadline (a streaming call must finish within it); null means {@link
 *     #DEFAULT_DEADLINE}
 * @param plaintext true for a plaintext connection (the embedded engine, a sidecar), false for TLS
 */
public record SpiceDbConfig(
    String host, int port, String presharedKey, Duration deadline, boolean plaintext) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  public SpiceDbConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    presharedKey = presharedKey == null || presharedKey.isBlank() ? null : presharedKey;
    deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
  }

  /** Plaintext, no key, the default deadline: the embedded engine on loopback. */
  public static SpiceDbConfig plaintext(String host, int port) {
    return new SpiceDbConfig(host, port, null, DEFAULT_DEADLINE, true);
  }

  public SpiceDbConfig withPresharedKey(String key) {
    return new SpiceDbConfig(host, port, key, deadline, plaintext);
  }

  public SpiceDbConfig withDeadline(Duration newDeadline) {
    return new SpiceDbConfig(host, port, presharedKey, newDeadline, plaintext);
  }

  /** Hides the key from logs. */
  @Override
  public String toString() {
    return "SpiceDbConfig[host="
        + host
        + ", port="
        + port
        + ", presharedKey="
        + (presharedKey == null ? "none" : "***")
        + ", deadline="
        + deadline
        + ", plaintext="
        + plaintext
        + "]";
  }
}

package io.renku.spicedb.embedded;

import java.util.Objects;
import java.util.Optional;

/**
 * How to expose an embedded SpiceDB engine.
 *
 * @param host address to bind the gRPC endpoint to; {@code 127.0.0.1} unless the endpoint must be
 *     reachable from other machines
 * @param port TCP port, or 0 for an ephemeral one (see {@link EmbeddedSpiceDb#port()})
 * @param presharedKey if non-null, every call must carry {@code authorization: Bearer <key>}
 */
public record EmbeddedSpiceDbOptions(String host, int port, String presharedKey) {

  /** Loopback only: the engine holds all authorization data and must not be exposed by default. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public EmbeddedSpiceDbOptions {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (presharedKey != null && presharedKey.isBlank()) {
      throw new IllegalArgumentException("presharedKey must not be blank when given");
    }
  }

  /** 127.0.0.1, an ephemeral port, no preshared key. */
  public static EmbeddedSpiceDbOptions defaults() {
    return new EmbeddedSpiceDbOptions(DEFAULT_HOST, 0, null);
  }

  public EmbeddedSpiceDbOptions withHost(String newHost) {
    return new EmbeddedSpiceDbOptions(newHost, port, presharedKey);
  }

  public EmbeddedSpiceDbOptions withPort(int newPort) {
    return new EmbeddedSpiceDbOptions(host, newPort, presharedKey);
  }

  public EmbeddedSpiceDbOptions withPresharedKey(String newKey) {
    return new EmbeddedSpiceDbOptions(host, port, newKey);
  }

  public Optional<String> presharedKeyIfAny() {
    return Optional.ofNullable(presharedKey);
  }

  /** Hides the key from logs. */
  @Override
  public String toString() {
    return "EmbeddedSpiceDbOptions[host="
        + host
        + ", port="
        + port
        + ", presharedKey="
        + (presharedKey == null ? "none" : "***")
        + "]";
  }
}

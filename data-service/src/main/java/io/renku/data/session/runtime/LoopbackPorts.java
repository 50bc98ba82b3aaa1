package io.renku.data.session.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * Host ports for sessions on 127.0.0.1. The kernel hands out a free port, but a port free now may
 * be one the platform binds a moment later: sessions are restarted while the data service starts,
 * before the gateway listens on its public port, and a public port in the ephemeral range (as tests
 * choose them) was once given to a session, so the gateway could not start. Such ports are passed
 * as {@code avoid} and never given out.
 */
public final class LoopbackPorts {
  private static final int ATTEMPTS = 20;

  private LoopbackPorts() {}

  /** A port the kernel says is free on 127.0.0.1, not one of those {@code taken} refuses. */
  public static int pick(IntPredicate taken) {
    return pick(LoopbackPorts::kernelsChoice, taken);
  }

  /** The first of {@code candidates} that {@code taken} does not refuse (at most 20 tries). */
  static int pick(IntSupplier candidates, IntPredicate taken) {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = candidates.getAsInt();
      if (!taken.test(port)) {
        return port;
      }
    }
    throw new IllegalStateException("No free port on 127.0.0.1");
  }

  /** The port of {@code url} (its scheme's default when none is written); empty when blank. */
  public static Set<Integer> portOf(String url) {
    if (url == null || url.isBlank()) {
      return Set.of();
    }
    URI uri = URI.create(url);
    if (uri.getPort() > 0) {
      return Set.of(uri.getPort());
    }
    return Set.of("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
  }

  private static int kernelsChoice() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }
}

package io.renku.sidecars.authproxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session's auth proxy (the Go sidecars' {@code proxy serve}): on {@code port} it answers
 * {@code GET /__amalthea__/health} itself (no credential: the kubelet's probes) and forwards every
 * other request to the remote once it carries the token ({@link TokenCheck}), with {@code
 * strip_path_prefix} removed ({@link PathRewrite}); WebSocket upgrades pass through as a byte pipe.
 * On {@code metaPort} it answers {@code GET /request_stats}. Both listen on all interfaces, as Go's
 * {@code :port}. A connection is one virtual thread.
 */
public final class AuthProxy implements AutoCloseable {
  public static final String HEALTH_PATH = "/__amalthea__/health";

  record Shared(
      Remote remote,
      TokenCheck check,
      PathRewrite rewrite,
      RequestStats stats,
      ProxyLog log,
      WithheldCookies withheld) {}

  private final ServerSocket main;
  private final ServerSocket meta;
  private final Shared shared;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private AuthProxy(ServerSocket main, ServerSocket meta, Shared shared) {
    this.main = main;
    this.meta = meta;
    this.shared = shared;
  }

  public static AuthProxy start(ProxySettings settings, ProxyLog log) throws IOException {
    ServerSocket main = new ServerSocket(settings.port(), 512);
    ServerSocket meta;
    try {
      meta = new ServerSocket(settings.metaPort(), 64);
    } catch (IOException e) {
      main.close();
      throw e;
    }
    PathRewrite rewrite = new PathRewrite(settings.stripPathPrefix());
    TokenCheck check =
        settings.authenticated() ? new TokenCheck(settings.token(), settings.cookieKey()) : null;
    if (check == null) {
      log.info("Token is not defined, running without authentication.");
    }
    if (rewrite.active()) {
      log.info("Will strip the path prefix " + rewrite.prefix());
    } else {
      log.info("Running without path rewriting");
    }
    Shared shared =
        new Shared(
            new Remote(settings.remote()),
            check,
            rewrite,
            new RequestStats(),
            log,
            settings.withheld());
    AuthProxy proxy = new AuthProxy(main, meta, shared);
    Thread.ofVirtual().name("authproxy-accept").start(() -> proxy.accept(main, false));
    Thread.ofVirtual().name("authproxy-meta-accept").start(() -> proxy.accept(meta, true));
    log.info(
        "Starting proxy for remote: "
            + settings.remote()
            + ", cookie key: "
            + settings.cookieKey()
            + ", token of length "
            + settings.token().length()
            + ", port "
            + main.getLocalPort()
            + ", meta port "
            + meta.getLocalPort());
    return proxy;
  }

  public int port() {
    return main.getLocalPort();
  }

  public int metaPort() {
    return meta.getLocalPort();
  }

  private void accept(ServerSocket server, boolean isMeta) {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          shared.log().info("accept failed: " + e.getMessage());
        }
        continue;
      }
      open.add(socket);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  Runnable handler =
                      isMeta
                          ? new MetaConnection(socket, shared.stats())
                          : new ClientConnection(socket, shared);
                  handler.run();
                } catch (IOException e) {
                  // the socket broke before it was read
                } finally {
                  open.remove(socket);
                  try {
                    socket.close();
                  } catch (IOException ignored) {
                    // closed already
                  }
                }
              });
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      main.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      meta.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}

package io.renku.sidecars.authproxy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import javax.net.ssl.SSLSocketFactory;

/** Where the proxy forwards to ({@code AUTHPROXY_REMOTE}), and one open connection to it. */
final class Remote {
  static final int CONNECT_TIMEOUT_MS = 30_000;

  private final URI uri;
  private final String host;
  private final int port;
  private final boolean tls;

  Remote(URI uri) {
    this.uri = uri;
    this.tls = uri.getScheme().equals("https");
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
  }

  /** The authority for a Host header when the client sent none (HTTP/1.0). */
  String authority() {
    return uri.getRawAuthority();
  }

  @Override
  public String toString() {
    return uri.toString();
  }

  /** The remote's path before the request's, joined by one slash (Go's singleJoiningSlash). */
  String target(String requestTarget) {
    String base = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (base.isEmpty() || base.equals("/")) {
      return requestTarget;
    }
    boolean a = base.endsWith("/");
    boolean b = requestTarget.startsWith("/");
    if (a && b) {
      return base + requestTarget.substring(1);
    }
    if (!a && !b) {
      return base + "/" + requestTarget;
    }
    return base + requestTarget;
  }

  Connection open() throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      if (tls) {
        socket =
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, host, port, true);
      }
      return new Connection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  static final class Connection implements AutoCloseable {
    final Socket socket;
    final Wire in;
    final OutputStream out;
    boolean used;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new Wire(socket.getInputStream(), 16 * 1024);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}

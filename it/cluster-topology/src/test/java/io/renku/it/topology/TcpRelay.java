package io.renku.it.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Relays connections from an address the containers reach to a loopback port: Solr's test runner
 * binds 127.0.0.1 only, and podman's bridge does not reach the host's loopback.
 */
final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final int target;

  TcpRelay(String address, int target) throws IOException {
    this.target = target;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    Thread.ofVirtual().name("relay-" + target).start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
        Thread.ofVirtual().start(() -> pump(in, out));
        Thread.ofVirtual().start(() -> pump(out, in));
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
      to.shutdownOutput();
    } catch (IOException e) {
      // one side ended
    } finally {
      try {
        if (from.isInputShutdown() || to.isOutputShutdown()) {
          from.close();
          to.close();
        }
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

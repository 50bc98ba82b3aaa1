package io.renku.sidecars.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The session behind the proxy in tests: a real HTTP server on a random loopback port that records
 * every request it gets and answers with what it saw (method, target, body).
 */
public final class EchoUpstream implements AutoCloseable {
  public record Seen(
      String method, String target, com.sun.net.httpserver.Headers headers, String body) {}

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  public EchoUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String target =
              exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery());
          seen.add(
              new Seen(exchange.getRequestMethod(), target, exchange.getRequestHeaders(), body));
          byte[] answer =
              ("upstream saw " + exchange.getRequestMethod() + " " + target + " body=" + body)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-Upstream", "yes");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public List<Seen> seen() {
    return seen;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

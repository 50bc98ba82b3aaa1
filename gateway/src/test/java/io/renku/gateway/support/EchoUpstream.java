package io.renku.gateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * The upstream the gateway tests proxy to: a real HTTP server that records what each request
 * carried (method, path, headers) and answers 200 with the path. It observes the gateway's output;
 * the full platform with the real data service is tested in the launcher module.
 */
public final class EchoUpstream implements AutoCloseable {
  /** One request as the upstream saw it; header names lower-cased. */
  public record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase());
      return v == null ? null : v.getFirst();
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

  public EchoUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          Map<String, List<String>> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
          String received =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  headers,
                  received));
          byte[] body =
              ("{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Forgets what was seen so far. */
  public void clear() {
    seen.clear();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  public Seen last() {
    List<Seen> all = seen();
    if (all.isEmpty()) {
      throw new AssertionError("the upstream saw no request");
    }
    return all.getLast();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

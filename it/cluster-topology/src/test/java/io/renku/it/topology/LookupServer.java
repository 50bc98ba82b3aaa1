package io.renku.it.topology;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The few answers Helm's {@code lookup} needs (discovery of v1; every Secret missing: a first
 * install), with a kubeconfig pointing at it, as {@code it/helm}'s FakeApiServer: without it Helm
 * would dial localhost:8080, which on a shared machine may be anything.
 */
final class LookupServer implements AutoCloseable {
  private final HttpServer server;

  LookupServer(Path kubeconfig) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: fake
            cluster: {server: "http://127.0.0.1:%d"}
        contexts:
          - name: fake
            context: {cluster: fake, user: fake, namespace: renku}
        current-context: fake
        users:
          - name: fake
            user: {token: fake}
        """
            .formatted(server.getAddress().getPort()));
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    int status = 200;
    String body =
        switch (path) {
          case "/api" ->
              "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
          case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
          case "/api/v1" ->
              "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"secrets\","
                  + "\"singularName\":\"secret\",\"namespaced\":true,\"kind\":\"Secret\","
                  + "\"verbs\":[\"get\",\"list\"]}]}";
          case "/version" -> "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}";
          default -> null;
        };
    if (body == null) {
      status = 404;
      body =
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
              + "\"code\":404}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

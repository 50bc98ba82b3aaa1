package io.renku.it.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few Kubernetes API answers Helm's {@code lookup} needs (discovery of v1, GET of one Secret),
 * on a random loopback port, with a kubeconfig pointing at it. helm-java's template asks a cluster
 * for lookup; without this it would dial localhost:8080, which on a shared machine may be anything.
 * Secrets put here are the "cluster's" (to show that the chart keeps them on upgrade); with none,
 * every Secret is missing, as at a first install ({@code it/cluster-topology} uses it so, through
 * this module's test jar).
 */
public final class FakeApiServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  public FakeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Writes the kubeconfig Helm reads (surefire sets KUBECONFIG to this path). */
  public void writeKubeconfig(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
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

  /** A Secret as JSON, answered at /api/v1/namespaces/{namespace}/secrets/{name}. */
  void putSecret(String namespace, String name, String json) {
    secrets.put("/api/v1/namespaces/" + namespace + "/secrets/" + name, json);
  }

  void clear() {
    secrets.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body;
    int status = 200;
    if (path.equals("/api")) {
      body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
    } else if (path.equals("/apis")) {
      body = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
    } else if (path.equals("/api/v1")) {
      body =
          "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":\"secrets\","
              + "\"singularName\":\"secret\",\"namespaced\":true,\"kind\":\"Secret\","
              + "\"verbs\":[\"get\",\"list\"]}]}";
    } else if (path.equals("/version")) {
      body = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}";
    } else if (secrets.containsKey(path)) {
      body = secrets.get(path);
    } else {
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

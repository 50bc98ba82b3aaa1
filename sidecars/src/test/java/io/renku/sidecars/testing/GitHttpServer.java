package io.renku.sidecars.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Git's own smart-HTTP server, {@code git http-backend}, run as CGI behind a JDK HTTP server on a
 * random loopback port, serving the bare repositories of a directory at {@code /git/<name>.git}.
 * Repositories whose name starts with {@code private} need HTTP basic authentication with {@link
 * #USER}/{@link #PASSWORD} (401 with a challenge otherwise), like a private GitLab project.
 */
public final class GitHttpServer implements AutoCloseable {
  public static final Path BACKEND = Path.of("/usr/lib/git-core/git-http-backend");
  public static final String USER = "oauth2";
  public static final String PASSWORD = "glpat-very-secret-0123";

  private final HttpServer server;
  private final Path root;
  public volatile String lastAuthorization;

  public GitHttpServer(Path root) throws IOException {
    this(root, InetAddress.getLoopbackAddress());
  }

  /** Listening on {@code address} (a pod reaches the host on its bridge, not on loopback). */
  public GitHttpServer(Path root, InetAddress address) throws IOException {
    this.root = root;
    server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/git/", this::handle);
    server.start();
  }

  public static boolean available() {
    return Files.isExecutable(BACKEND);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String repo) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/git/" + repo;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String pathInfo = exchange.getRequestURI().getPath().substring("/git".length());
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        lastAuthorization = auth;
      }
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      if (pathInfo.startsWith("/private") && !expected.equals(auth)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      ProcessBuilder pb = new ProcessBuilder(BACKEND.toString());
      Map<String, String> env = pb.environment();
      env.clear();
      env.put("GIT_PROJECT_ROOT", root.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("PATH_INFO", pathInfo);
      env.put("REQUEST_METHOD", exchange.getRequestMethod());
      env.put(
          "QUERY_STRING",
          exchange.getRequestURI().getRawQuery() == null
              ? ""
              : exchange.getRequestURI().getRawQuery());
      env.put("REMOTE_ADDR", "127.0.0.1");
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        env.put("CONTENT_TYPE", type);
      }
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      if (encoding != null) {
        env.put("HTTP_CONTENT_ENCODING", encoding);
      }
      String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
      if (protocol != null) {
        env.put("GIT_PROTOCOL", protocol);
      }
      Process p = pb.start();
      Thread feeder =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (OutputStream stdin = p.getOutputStream()) {
                      exchange.getRequestBody().transferTo(stdin);
                    } catch (IOException ignored) {
                      // the backend stopped reading
                    }
                  });
      InputStream stdout = p.getInputStream();
      ByteArrayOutputStream headLine = new ByteArrayOutputStream();
      int status = 200;
      while (true) {
        int b;
        headLine.reset();
        while ((b = stdout.read()) >= 0 && b != '\n') {
          if (b != '\r') {
            headLine.write(b);
          }
        }
        String line = headLine.toString(StandardCharsets.ISO_8859_1);
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.substring(0, 3));
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      exchange.sendResponseHeaders(status, 0);
      stdout.transferTo(exchange.getResponseBody());
      feeder.join();
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.renku.data.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A git server over HTTP on loopback: Debian's {@code git http-backend} (CGI) behind a JDK {@code
 * HttpServer} that checks the caller's HTTP basic password against a token check (the test OAuth2
 * provider's). Repositories named in {@code publicRepos} are readable anonymously; every other one
 * needs a valid token, and so does every write ({@code git-receive-pack}, which http-backend allows
 * only with {@code REMOTE_USER} set).
 */
public final class TestGitServer implements AutoCloseable {
  private static final String BACKEND = "/usr/lib/git-core/git-http-backend";

  private final HttpServer server;
  private final Path root;
  private final Set<String> publicRepos;
  private final Predicate<String> tokenCheck;

  public TestGitServer(Set<String> repos, Set<String> publicRepos, Predicate<String> tokenCheck) {
    this(repos, publicRepos, tokenCheck, "127.0.0.1");
  }

  /** The same, listening on {@code bindAddress} (all interfaces: reachable from a container). */
  public TestGitServer(
      Set<String> repos,
      Set<String> publicRepos,
      Predicate<String> tokenCheck,
      String bindAddress) {
    this.publicRepos = Set.copyOf(publicRepos);
    this.tokenCheck = tokenCheck;
    try {
      root = Files.createTempDirectory("renku-test-git");
      for (String repo : repos) {
        git(root, "init", "--bare", "--quiet", "--initial-branch=main", repo);
        Path work = Files.createTempDirectory("renku-test-git-work");
        git(work, "init", "--quiet", "-b", "main");
        Files.writeString(work.resolve("README.md"), "# " + repo + "\n");
        git(work, "add", "README.md");
        git(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "init");
        git(work, "push", "--quiet", root.resolve(repo).toString(), "main");
      }
      server = HttpServer.create(new InetSocketAddress(bindAddress, 0), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query =
          ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      String user = authenticatedUser(ex.getRequestHeaders().getFirst("Authorization"));
      String repo =
          path.replaceFirst("^/", "")
              .replaceFirst("/(info/refs|git-upload-pack|git-receive-pack|HEAD|objects/.*)$", "");
      boolean write = query.contains("git-receive-pack") || path.endsWith("/git-receive-pack");
      if (user == null && (write || !publicRepos.contains(repo))) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      ProcessBuilder pb = new ProcessBuilder(BACKEND);
      var env = pb.environment();
      env.clear();
      env.put("GIT_PROJECT_ROOT", root.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("PATH_INFO", path);
      env.put("QUERY_STRING", query);
      env.put("REQUEST_METHOD", ex.getRequestMethod());
      env.put("REMOTE_ADDR", "127.0.0.1");
      env.put("GATEWAY_INTERFACE", "CGI/1.1");
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        env.put("CONTENT_TYPE", type);
      }
      if (user != null) {
        env.put("REMOTE_USER", user);
      }
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        ex.getRequestBody().transferTo(in);
      }
      byte[] out;
      try (InputStream o = p.getInputStream()) {
        out = o.readAllBytes();
      }
      p.waitFor();
      int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      int skip = 4;
      if (split < 0) {
        split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
        skip = 2;
      }
      int status = 200;
      for (String line :
          new String(out, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1).split("\r?\n")) {
        int c = line.indexOf(':');
        if (c < 0) {
          continue;
        }
        String name = line.substring(0, c).trim();
        String value = line.substring(c + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          ex.getResponseHeaders().add(name, value);
        }
      }
      int start = split < 0 ? 0 : split + skip;
      int length = out.length - start;
      ex.sendResponseHeaders(status, length == 0 ? -1 : length);
      if (length > 0) {
        ex.getResponseBody().write(out, start, length);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String authenticatedUser(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String decoded =
        new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    int c = decoded.indexOf(':');
    if (c < 0) {
      return null;
    }
    return tokenCheck.test(decoded.substring(c + 1)) ? decoded.substring(0, c) : null;
  }

  private static int indexOf(byte[] a, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= a.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (a[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void git(Path dir, String... args) throws IOException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    p.getInputStream().transferTo(log);
    try {
      if (p.waitFor() != 0) {
        throw new IOException("git " + String.join(" ", args) + ": " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

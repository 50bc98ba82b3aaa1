package io.renku.it.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak (the Maven distribution the build unpacks, {@code kc.sh start-dev}), as {@code
 * it/keycloak} starts it, with the realm of {@code deploy/keycloak/}, but listening on the podman
 * network's gateway address: the gateway and data service containers and the test's browser all
 * reach it at one address, so every token's issuer is the one the chart's values name.
 */
final class KeycloakServer implements AutoCloseable {
  static final String REALM = "Renku";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String address;
  final int port;
  private final Process process;
  private final String adminPassword;
  private final HttpClient http = HttpClient.newHttpClient();

  private KeycloakServer(String address, int port, Process process, String adminPassword) {
    this.address = address;
    this.port = port;
    this.process = process;
    this.adminPassword = adminPassword;
  }

  static KeycloakServer start(Path home, Path realm, String address, Map<String, String> realmEnv)
      throws Exception {
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException("no Keycloak distribution at " + home + " (mvn unpacks it)");
    }
    Path data = home.resolve("data");
    if (Files.exists(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(data.resolve("import"));
    Files.copy(
        realm,
        data.resolve("import/" + REALM + "-realm.json"),
        StandardCopyOption.REPLACE_EXISTING);
    int port = freePort();
    int management = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
            home.resolve("bin/kc.sh").toString(),
            "start-dev",
            "--http-host=" + address,
            "--http-port=" + port,
            "--http-management-port=" + management,
            "--import-realm");
    String password = "kc-admin-" + Long.toHexString(System.nanoTime());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    pb.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
    pb.environment().putAll(realmEnv);
    pb.redirectErrorStream(true);
    Path log = Path.of("target", "keycloak.log").toAbsolutePath();
    pb.redirectOutput(log.toFile());
    KeycloakServer server = new KeycloakServer(address, port, pb.start(), password);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)) {
      if (!server.process.isAlive()) {
        throw new IllegalStateException("Keycloak exited during start; see " + log);
      }
      try {
        HttpResponse<String> r =
            server.http.send(
                HttpRequest.newBuilder(
                        URI.create(server.issuer() + "/.well-known/openid-configuration"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    server.close();
    throw new IllegalStateException("Keycloak was not ready within 4 minutes; see " + log);
  }

  String base() {
    return "http://" + address + ":" + port;
  }

  String issuer() {
    return base() + "/realms/" + REALM;
  }

  /** Creates an enabled user with a verified address and a password, as an operator would. */
  void createUser(String username, String email, String password) throws Exception {
    String form =
        "grant_type=password&client_id=admin-cli&username=admin&password="
            + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new IllegalStateException("admin login failed: " + login.body());
    }
    String token = JSON.readTree(login.body()).path("access_token").asText();
    var user = JSON.createObjectNode();
    user.put("username", username);
    user.put("email", email);
    user.put("firstName", "Topo");
    user.put("lastName", "Logy");
    user.put("enabled", true);
    user.put("emailVerified", true);
    var credential = user.putArray("credentials").addObject();
    credential.put("type", "password");
    credential.put("value", password);
    credential.put("temporary", false);
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/admin/realms/" + REALM + "/users"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("cannot create user " + username + ": " + created.body());
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

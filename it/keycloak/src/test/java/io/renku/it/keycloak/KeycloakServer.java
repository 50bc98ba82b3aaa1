package io.renku.it.keycloak;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak (the Maven distribution the build unpacks, {@code kc.sh start-dev} with its own
 * H2 database), started with the realm of {@code deploy/keycloak/Renku-realm.json}; placeholders in
 * the realm file are filled from the environment given here. Also a small admin client to create
 * users as an operator would. Shared with {@code it/cluster-topology} through this module's test
 * jar (there on the podman network's address, so that containers reach it).
 */
public final class KeycloakServer implements AutoCloseable {
  public static final String REALM = "Renku";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final int port;
  private final String address;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();

  private KeycloakServer(String address, int port, Process process) {
    this.address = address;
    this.port = port;
    this.process = process;
  }

  /** On 127.0.0.1, the distribution and realm named by the system properties the pom sets. */
  static KeycloakServer start(Map<String, String> realmEnvironment) throws Exception {
    return start(
        Path.of(System.getProperty("keycloak.home")),
        Path.of(System.getProperty("keycloak.realm")),
        "127.0.0.1",
        realmEnvironment);
  }

  /**
   * @param home the unpacked distribution (its {@code data} directory is emptied first)
   * @param realm the realm file to import
   * @param address the one address Keycloak listens on, and the one its issuer names
   */
  public static KeycloakServer start(
      Path home, Path realm, String address, Map<String, String> realmEnvironment)
      throws Exception {
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException("no Keycloak distribution at " + home + " (mvn unpacks it)");
    }
    // A fresh database every run, and the realm to import.
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
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    pb.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    pb.environment().putAll(realmEnvironment);
    pb.redirectErrorStream(true);
    Path log = Path.of("target", "keycloak.log").toAbsolutePath();
    pb.redirectOutput(log.toFile());
    String password = "kc-admin-" + Long.toHexString(System.nanoTime());
    pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
    Process process = pb.start();
    KeycloakServer server = new KeycloakServer(address, port, process);
    server.bootstrapPassword = password;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited during start; see " + log.toAbsolutePath());
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
    throw new IllegalStateException(
        "Keycloak was not ready within 4 minutes; see " + log.toAbsolutePath());
  }

  private String bootstrapPassword;

  public String base() {
    return "http://" + address + ":" + port;
  }

  public String issuer() {
    return base() + "/realms/" + REALM;
  }

  /** A token of the bootstrap administrator (master realm), for the admin REST API. */
  String adminToken() throws Exception {
    String form =
        "grant_type=password&client_id=admin-cli&username=admin&password="
            + URLEncoder.encode(bootstrapPassword, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("admin login failed: " + r.body());
    }
    return JSON.readTree(r.body()).path("access_token").asString();
  }

  /** The bootstrap administrator's password (master realm), for jobs that log in themselves. */
  String bootstrapPassword() {
    return bootstrapPassword;
  }

  /**
   * GET of an admin REST path ({@code /admin} + path) as the bootstrap administrator; null on 404.
   */
  JsonNode adminGet(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/admin" + path))
                .header("Authorization", "Bearer " + adminToken())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Creates a user with a password; with {@code admin}, grants the realm role renku-admin. */
  public String createUser(
      String username, String email, String first, String last, String password, boolean admin)
      throws Exception {
    return createUser(username, email, first, last, password, admin, true);
  }

  String createUser(
      String username,
      String email,
      String first,
      String last,
      String password,
      boolean admin,
      boolean enabled)
      throws Exception {
    String token = adminToken();
    var user = JSON.createObjectNode();
    user.put("username", username);
    user.put("email", email);
    user.put("firstName", first);
    user.put("lastName", last);
    user.put("enabled", enabled);
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
    String location = created.headers().firstValue("Location").orElseThrow();
    String id = location.substring(location.lastIndexOf('/') + 1);
    if (admin) {
      HttpResponse<String> role =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(base() + "/admin/realms/" + REALM + "/roles/renku-admin"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode roleJson = JSON.readTree(role.body());
      HttpResponse<String> granted =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          base()
                              + "/admin/realms/"
                              + REALM
                              + "/users/"
                              + id
                              + "/role-mappings/realm"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "[" + JSON.writeValueAsString(roleJson) + "]"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (granted.statusCode() != 204) {
        throw new IllegalStateException("cannot grant renku-admin: " + granted.body());
      }
    }
    return id;
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

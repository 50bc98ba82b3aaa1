package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.authzed.api.v1.ReadSchemaRequest;
import com.authzed.api.v1.SchemaServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.renku.launcher.LocalKeys;
import io.renku.launcher.LocalTokens;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Local mode seen by another account or another machine: the gateway's port from the network, the
 * backing services' ports from this machine, the data directory's files. Each test fails on the
 * platform as it was before issue 15 (gateway on every interface, Postgres with trust
 * authentication, SpiceDB without a key, keys created readable by everyone).
 */
class LocalModeAttackTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theGatewayIsNotReachableFromTheNetworkByDefault() throws Exception {
    AttackPlatform p = AttackPlatform.get();
    // From this machine it answers.
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", p.port), 5_000);
    }
    List<InetAddress> external = nonLoopbackAddresses();
    for (InetAddress address : external) {
      try (Socket s = new Socket()) {
        assertThatThrownBy(() -> s.connect(new InetSocketAddress(address, p.port), 2_000))
            .as("the gateway answers on %s, an address other machines can reach", address)
            .isInstanceOf(IOException.class);
      }
    }
    // Whatever the interfaces: the listening socket is bound to loopback, not to every address.
    assertThat(listeningAddresses(p.port))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.isLoopbackAddress()).as(a.toString()).isTrue());
  }

  @Test
  void postgresRefusesConnectionsWithoutThePassword() throws Exception {
    AttackPlatform p = AttackPlatform.get();
    int port = postgresPort(p.dataDir);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/renku";
    assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> DriverManager.getConnection(url + "?user=postgres"))
        .isInstanceOf(SQLException.class);
    // The platform's own password, kept in the data directory, does open it.
    String password = Files.readString(p.dataDir.resolve("keys/postgres-password")).strip();
    try (var c = DriverManager.getConnection(url, "postgres", password)) {
      assertThat(c.isValid(5)).isTrue();
    }
    assertThat(Files.readString(p.dataDir.resolve("postgres/pg_hba.conf")))
        .doesNotContainIgnoringCase("trust");
  }

  @Test
  void spiceDbRefusesCallsWithoutTheKey() throws Exception {
    AttackPlatform p = AttackPlatform.get();
    int port = p.platform.spicedbPort().orElseThrow();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
    try {
      assertThatThrownBy(
              () ->
                  SchemaServiceGrpc.newBlockingStub(channel)
                      .readSchema(ReadSchemaRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void keysPasswordsAndDataAreTheOwnersAlone() throws Exception {
    AttackPlatform p = AttackPlatform.get();
    Path d = p.dataDir;
    for (Path dir : List.of(d, d.resolve("keys"), d.resolve("postgres"), d.resolve("sessions"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .as(dir.toString())
          .isEqualTo("rwx------");
    }
    try (var files = Files.list(d.resolve("keys"))) {
      List<Path> keys = files.toList();
      assertThat(keys)
          .extracting(f -> f.getFileName().toString())
          .contains(
              "token-signing-key.pem",
              "token-signing-key.pub.pem",
              "gateway-client-secret",
              "token-encryption-key",
              "postgres-password");
      for (Path f : keys) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
            .as(f.toString())
            .isEqualTo(Files.isDirectory(f) ? "rwx------" : "rw-------");
      }
    }
    // The user secrets' keys: the server's encryption key and the secrets service's private key
    // are the owner's alone; the public key may be world-readable, inside a directory that is not.
    Path secrets = d.resolve("keys").resolve("secrets");
    for (String name : List.of("encryption-key", "secrets-service-private.pem")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve(name))))
          .as(name)
          .isEqualTo("rw-------");
    }
    assertThat(secrets.resolve("secrets-service-public.pem")).exists();
  }

  /**
   * {@code kill -9} of the platform's JVM in the middle of writes, twice: once as it happens (the
   * watchers stop Postgres and the session at once), once with the watchers killed too (so the next
   * start finds Postgres still running on the data directory and must stop it). Each time the next
   * {@code up} starts, every acknowledged write is there, and after the last, orderly stop no
   * Postgres or session process of the data directory is left.
   */
  @Test
  void aKilledPlatformStartsAgainAndLeavesNoProcessesBehind(@TempDir Path work) throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("data"));
    List<String> acknowledged = new CopyOnWriteArrayList<>();

    ChildPlatform first = ChildPlatform.start(work, dataDir, 1);
    String token = first.adminToken();
    String namespace =
        body(first.send("GET", "/api/data/user", token, null), 200).path("username").asString();
    String session = first.startSession(token, namespace);
    long sessionPid = sessionPid(dataDir, session);
    long postgresPid = postgresPid(dataDir);
    first.killDuringWrites(token, namespace, acknowledged, false);
    // The watchers stop Postgres and the session although their JVM is gone.
    awaitGone(postgresPid, "Postgres of the killed platform");
    awaitGone(sessionPid, "session process of the killed platform");

    ChildPlatform second = ChildPlatform.start(work, dataDir, 2);
    second.assertProjectsExist(token, acknowledged);
    second.awaitSessionRunning(token, session);
    long orphanPostgres = postgresPid(dataDir);
    second.killDuringWrites(token, namespace, acknowledged, true);
    // Without its watcher, Postgres outlives the JVM: the next start must deal with it.
    Thread.sleep(1_000);
    assertThat(ProcessHandle.of(orphanPostgres).map(ProcessHandle::isAlive)).contains(true);

    ChildPlatform third = ChildPlatform.start(work, dataDir, 3);
    assertThat(third.log())
        .contains("Found a Postgres left running by a previous run (pid " + orphanPostgres + ")");
    third.assertProjectsExist(token, acknowledged);
    third.awaitSessionRunning(token, session);
    third.stop();

    long deadline = System.nanoTime() + 20_000_000_000L;
    List<String> left = processesOf(dataDir);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      left = processesOf(dataDir);
    }
    assertThat(left).as("processes still using the data directory").isEmpty();
  }

  /** Child platforms of the running test: none may outlive it, even when it fails half-way. */
  private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopChildPlatforms() {
    for (Process p : STARTED) {
      // Only the JVM: its watchers (its descendants) then stop its Postgres and sessions.
      p.destroyForcibly();
    }
    STARTED.clear();
  }

  /** A platform in a JVM of its own, as {@code ./renku up} runs it. */
  private record ChildPlatform(Process process, Path logFile, int port, Path dataDir) {
    static ChildPlatform start(Path work, Path dataDir, int run) throws Exception {
      int port = AttackPlatform.freePort();
      Path log = work.resolve("run-" + run + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-Xmx768m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.renku.launcher.RenkuLauncher",
                  "up",
                  // what the watchers stop are session processes (containers are adopted instead)
                  "--session-runtime",
                  "process",
                  "--data-dir",
                  dataDir.toString(),
                  "--port",
                  String.valueOf(port),
                  // one public address (so one token issuer) for the runs on their various ports
                  "--public-url",
                  "http://crash-test.localhost")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      String lib = System.getProperty("renku.spicedb.lib", System.getenv("RENKU_SPICEDB_LIB"));
      if (lib != null) {
        pb.environment().put("RENKU_SPICEDB_LIB", lib);
      }
      pb.environment().put("RENKU_ADMIN_PASSWORD", AttackPlatform.ADMIN_PASSWORD);
      ChildPlatform child = new ChildPlatform(pb.start(), log, port, dataDir);
      STARTED.add(child.process);
      long deadline = System.nanoTime() + 180_000_000_000L;
      while (!child.log().contains("Renku is ready at")) {
        if (!child.process.isAlive() || System.nanoTime() > deadline) {
          child.process.destroyForcibly();
          throw new AssertionError("run " + run + " did not start:\n" + child.log());
        }
        Thread.sleep(250);
      }
      return child;
    }

    String log() throws IOException {
      return Files.exists(logFile) ? Files.readString(logFile) : "";
    }

    String adminToken() {
      return LocalTokens.mint(
          LocalKeys.loadOrCreate(dataDir.resolve("keys")),
          LocalTokens.issuerOf(dataDir, "http://crash-test.localhost/auth"),
          "crash-admin-id",
          "crash-admin@example.org",
          "crashadmin",
          "Tester",
          true,
          Duration.ofHours(1));
    }

    HttpResponse<String> send(String method, String path, String token, String body)
        throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token);
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      b.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A session of the admin's own project, Python's HTTP server standing in for Jupyter. */
    String startSession(String token, String user) throws Exception {
      String project =
          body(
                  send(
                      "POST",
                      "/api/data/projects",
                      token,
                      "{\"name\":\"Crash\",\"namespace\":\"" + user + "\"}"),
                  201)
              .path("id")
              .asString();
      String launcher =
          body(
                  send(
                      "POST",
                      "/api/data/session_launchers",
                      token,
                      """
                      {"name":"Python","project_id":"%s","environment":{
                        "environment_kind":"CUSTOM","name":"Python HTTP server",
                        "container_image":"python:3-slim","default_url":"/",
                        "command":["/usr/bin/python3","-u","-m","http.server"],
                        "args":["$(RENKU_SESSION_PORT)","--bind","$(RENKU_SESSION_IP)"]}}
                      """
                          .formatted(project)),
                  201)
              .path("id")
              .asString();
      String name =
          body(
                  send(
                      "POST",
                      "/api/data/sessions",
                      token,
                      "{\"launcher_id\":\"" + launcher + "\"}"),
                  201)
              .path("name")
              .asString();
      awaitSessionRunning(token, name);
      return name;
    }

    void awaitSessionRunning(String token, String name) throws Exception {
      String state = "";
      for (int i = 0; i < 600 && !state.equals("running"); i++) {
        state =
            body(send("GET", "/api/data/sessions/" + name, token, null), 200)
                .path("status")
                .path("state")
                .asString();
        Thread.sleep(100);
      }
      assertThat(state).as("session " + name).isEqualTo("running");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dataDir.resolve("sessions/" + name))))
          .isEqualTo("rwx------");
    }

    /**
     * Writes projects one after another and {@code kill -9}s the JVM (with its watchers first if
     * {@code watchersToo}) once some were acknowledged, while the next ones are in flight.
     */
    void killDuringWrites(
        String token, String namespace, List<String> acknowledged, boolean watchersToo)
        throws Exception {
      int before = acknowledged.size();
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; ; i++) {
                      String slug = "w" + port + "-" + i;
                      try {
                        HttpResponse<String> r =
                            send(
                                "POST",
                                "/api/data/projects",
                                token,
                                "{\"name\":\"" + slug + "\",\"namespace\":\"" + namespace + "\"}");
                        if (r.statusCode() == 201) {
                          acknowledged.add(body(r, 201).path("id").asString());
                        }
                      } catch (IOException | InterruptedException | AssertionError e) {
                        return; // the platform is gone
                      }
                    }
                  });
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (acknowledged.size() < before + 15 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(acknowledged.size()).isGreaterThanOrEqualTo(before + 15);
      if (watchersToo) {
        process
            .descendants()
            .filter(h -> cmdline(h.pid()).contains("renku-watch"))
            .forEach(ProcessHandle::destroyForcibly);
      }
      process.destroyForcibly(); // SIGKILL
      process.waitFor();
      writer.join(30_000);
    }

    void assertProjectsExist(String token, List<String> ids) throws Exception {
      for (String id : ids) {
        HttpResponse<String> r = send("GET", "/api/data/projects/" + id, token, null);
        assertThat(r.statusCode())
            .as("acknowledged project " + id + ": " + r.body())
            .isEqualTo(200);
      }
    }

    /** An orderly stop, as Ctrl-C does it. */
    void stop() throws Exception {
      process.destroy(); // SIGTERM: the shutdown hook stops everything in order
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the platform did not stop:\n" + log());
      }
    }
  }

  private static JsonNode body(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return AttackPlatform.json(r.body());
  }

  private static long postgresPid(Path dataDir) throws IOException {
    return Long.parseLong(
        Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());
  }

  private static long sessionPid(Path dataDir, String session) throws IOException {
    return Long.parseLong(
        Files.readString(dataDir.resolve("sessions/" + session + "/pid")).strip().split(" ")[0]);
  }

  private static void awaitGone(long pid, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as(what + " (pid " + pid + ") still runs")
        .isFalse();
  }

  /** Processes whose working directory or command line is in {@code dataDir}. */
  private static List<String> processesOf(Path dataDir) throws IOException {
    String dir = dataDir.toRealPath().toString();
    List<String> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            h -> {
              String cwd;
              try {
                cwd = Files.readSymbolicLink(Path.of("/proc/" + h.pid() + "/cwd")).toString();
              } catch (IOException | RuntimeException e) {
                cwd = "";
              }
              String cmd = cmdline(h.pid());
              if (h.isAlive() && (cwd.startsWith(dir) || cmd.contains(dir))) {
                found.add(h.pid() + " " + cmd);
              }
            });
    return found;
  }

  private static String cmdline(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The Postgres port, from the server's own pid file (line 4). */
  static int postgresPort(Path dataDir) throws IOException {
    return Integer.parseInt(
        Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).strip());
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> out = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        // Link-local IPv6 needs a scope and says nothing more than the others.
        if (!a.isLoopbackAddress() && !(a instanceof Inet6Address && a.isLinkLocalAddress())) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** The local addresses of the sockets listening on {@code port}, from /proc/net/tcp{,6}. */
  private static List<InetAddress> listeningAddresses(int port) throws IOException {
    List<InetAddress> out = new ArrayList<>();
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        // fields: sl local_address rem_address st ...; st 0A is LISTEN
        if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + hexPort)) {
          out.add(procAddress(f[1].substring(0, f[1].indexOf(':'))));
        }
      }
    }
    return out;
  }

  /** /proc/net/tcp writes each 32-bit word of an address in host (little-endian) order. */
  private static InetAddress procAddress(String hex) throws IOException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + i) * 2;
        bytes[word * 4 + 3 - i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}

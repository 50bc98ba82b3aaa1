package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.data.secret.SecretDelivery;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secrets service of local mode (decision 0031) from an attacker's seat: it is not behind the
 * gateway at all (neither are the data service's internal {@code /user/secret_key} and its
 * spellings), its own port listens on loopback only and wants the internal credential, made afresh
 * at every start and known to the data service alone; its keys are the platform user's only. And it
 * does its job: a user's secret reaches a session's file, another user's never does.
 */
class SecretsServiceAttackTest {
  private static AttackPlatform p;

  @BeforeAll
  static void start() throws Exception {
    p = AttackPlatform.get();
  }

  private static String user(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theSecretsServiceIsNotBehindTheGateway() throws Exception {
    String token = p.token(user("sec-gw"), true);
    Map<String, String> guessed =
        Map.of("Renku-Internal-Token", "guess", "Renku-User-Id", "someone-id");
    for (String[] r :
        new String[][] {
          {"GET", "/api/secrets/version"},
          {"POST", "/api/secrets/kubernetes"},
          {"PUT", "/api/secrets/sessions/s/files"},
          {"DELETE", "/api/secrets/sessions/s/files"},
          {"GET", "/api/data/user/secret_key"},
          {"GET", "/api/data/user/secret_key/"},
          {"GET", "/api/data/user/%73ecret_key"},
          {"GET", "/api/data/user//secret_key"},
          {"GET", "/api/data/user/./secret_key"},
        }) {
      var a = p.send(r[0], r[1], token, r[0].equals("GET") ? null : "{}", guessed);
      // 404, or 400 for a path the gateway refuses to read: never handed on
      assertThat(a.statusCode()).as(r[0] + " " + r[1]).isIn(400, 404);
      assertThat(a.body()).as(r[1]).doesNotContain("secret_key\"");
    }
    for (String path :
        List.of(
            "/api/data/user/secret_key", "/api/data/user/secret%5fkey", "/api/secrets/version")) {
      var raw = p.raw("GET " + path + " HTTP/1.1", null, "Authorization: Bearer " + token);
      assertThat(raw.status()).as(path).isIn(400, 404);
      assertThat(raw.body()).as(path).doesNotContain("secret_key\"");
    }
  }

  @Test
  void itsPortListensOnLoopbackOnlyAndWantsTheCredential() throws Exception {
    int port = p.platform.secretsServicePort();
    // a user's own token is no credential here; neither is none
    String token = p.token(user("sec-port"), true);
    for (String auth : new String[] {null, "Bearer " + token}) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + "/api/secrets/sessions/x/files"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("Renku-User-Id", "x")
              .PUT(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"files\":{\"a\":\"01J2F86WS7S8N6159WA3X4042H\"}}"));
      if (auth != null) {
        b.header("Authorization", auth);
      }
      HttpResponse<String> r = p.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
    }
    // not reachable on this machine's other addresses
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (nic.isUp() && !nic.isLoopback()) {
        nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(others::add);
      }
    }
    for (InetAddress a : others) {
      try (Socket s = new Socket()) {
        assertThatThrownBy(() -> s.connect(new InetSocketAddress(a, port), 2000))
            .as(a.toString())
            .isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void theKeysAreThePlatformUsersAlone() throws IOException {
    Path keys = p.dataDir.resolve("keys").resolve("secrets");
    assertThat(mode(keys)).isEqualTo("rwx------");
    assertThat(mode(keys.resolve("secrets-service-private.pem"))).isEqualTo("rw-------");
    assertThat(mode(keys.resolve("encryption-key"))).isEqualTo("rw-------");
  }

  @Test
  void aUsersSecretReachesTheirSessionOnlyAndNeverShows() throws Exception {
    String owner = user("sec-owner");
    String thief = user("sec-thief");
    String ownerToken = p.token(owner, false);
    String thiefToken = p.token(thief, false);
    assertThat(p.send("GET", "/api/data/user", ownerToken, null).statusCode()).isEqualTo(200);
    assertThat(p.send("GET", "/api/data/user", thiefToken, null).statusCode()).isEqualTo(200);
    String planted = "planted-" + UUID.randomUUID();
    var created =
        p.send(
            "POST",
            "/api/data/user/secrets",
            ownerToken,
            "{\"name\":\"api-token\",\"value\":\"" + planted + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(planted);
    String id = AttackPlatform.json(created.body()).path("id").asString();

    SecretDelivery delivery = p.platform.secretDelivery();
    String session = "sec-attack-" + UUID.randomUUID().toString().substring(0, 8);

    // someone else's session asks for it: refused, nothing written
    assertThatThrownBy(() -> delivery.writeFiles(thief + "-id", session, Map.of("t", id)))
        .isInstanceOf(SecretDelivery.SecretDeliveryException.class)
        .hasMessageNotContaining(planted);
    Path root = p.dataDir.resolve("session-secrets");
    assertThat(Files.exists(root.resolve(session))).isFalse();
    // a path out of the session's directory: refused
    assertThatThrownBy(
            () -> delivery.writeFiles(owner + "-id", session, Map.of("../../escape", id)))
        .isInstanceOf(SecretDelivery.SecretDeliveryException.class);
    assertThat(Files.exists(p.dataDir.resolve("escape"))).isFalse();

    // the owner's session: the value, readable by the platform user alone
    Path dir = delivery.writeFiles(owner + "-id", session, Map.of("api/token", id));
    assertThat(dir).isEqualTo(root.resolve(session).toRealPath());
    assertThat(Files.readString(dir.resolve("api/token"))).isEqualTo(planted);
    assertThat(mode(dir.resolve("api/token"))).isEqualTo("r--------");
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(root)).isEqualTo("rwx------");

    // the secret's answers through the gateway never hold it
    assertThat(p.send("GET", "/api/data/user/secrets", ownerToken, null).body())
        .doesNotContain(planted);
    assertThat(p.send("GET", "/api/data/user/secrets/" + id, ownerToken, null).body())
        .doesNotContain(planted);
    // nor does anything the platform keeps in its data directory but the session's file
    // (Postgres' files included: the stored value is sealed)
    try (Stream<Path> all = Files.walk(p.dataDir)) {
      for (Path f :
          all.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
              .filter(f -> !f.startsWith(dir))
              .toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (IOException gone) {
          continue; // a file Postgres removed meanwhile
        }
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(planted);
      }
    }

    delivery.removeFiles(session);
    assertThat(Files.exists(dir)).isFalse();
  }

  private static String mode(Path f) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
  }
}

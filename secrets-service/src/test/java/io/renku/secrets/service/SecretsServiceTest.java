package io.renku.secrets.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.renku.core.Ulid;
import io.renku.secrets.crypto.ServiceKeys;
import io.renku.secrets.service.config.KeysConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets service as a running application against a real Postgres: the internal credential,
 * local files (all or nothing, modes, paths), the Kubernetes Secret of the original (against
 * fabric8's mock API server), and no plaintext value in any log line or answer.
 */
class SecretsServiceTest {
  /** Every value stored by these tests starts with this: no log line or answer may hold it. */
  private static final String PLANTED = "planted-plaintext-7f3a9c";

  @TempDir static Path temp;

  private static KubernetesMockServer kubernetes;
  private static KubernetesClient k8s;
  private static RunningSecretsService service;
  private static ServiceKeys keys;
  private static Path files;
  private static final SecretsFixture db = SecretsFixture.get();

  @BeforeAll
  static void start() {
    kubernetes =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    kubernetes.init();
    k8s = kubernetes.createClient();
    files = temp.resolve("session-secrets");
    Path keyDir = temp.resolve("keys");
    service =
        new RunningSecretsService(
            Map.of("renku.secrets.key-dir", keyDir.toString()), Optional.of(k8s), files);
    keys = service.context.getBean(ServiceKeys.class);
  }

  @AfterAll
  static void stop() {
    try {
      // nothing this class stored may show in a log line or an answer, whatever the test did
      assertThat(service.logText()).contains("Wrote").doesNotContain(PLANTED);
      assertThat(service.allAnswers()).doesNotContain(PLANTED);
    } finally {
      service.close();
      k8s.close();
      kubernetes.destroy();
    }
  }

  private static String value(String what) {
    return PLANTED + "-" + what;
  }

  @Test
  void theKeyPairIsMadeOwnerOnly() throws IOException {
    Path priv = temp.resolve("keys").resolve(KeysConfig.PRIVATE_KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("keys"))))
        .isEqualTo("rwx------");
    assertThat(Files.exists(temp.resolve("keys").resolve(KeysConfig.PUBLIC_KEY_FILE))).isTrue();
  }

  @Test
  void withoutTheInternalCredentialNothingIsServed() {
    String user = db.newUser();
    String id = db.store(user, value("no-token"), keys.publicKey());
    String body = "{\"files\":{\"a\":\"" + id + "\"}}";
    for (String token : new String[] {null, "", "wrong-token-wrong-token-wrong", "internal"}) {
      var r = service.send("PUT", "/api/secrets/sessions/s-nt/files", body, token, user);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).contains("\"code\":1401");
    }
    var k =
        service.send(
            "POST",
            "/api/secrets/kubernetes",
            "{\"name\":\"x\",\"namespace\":\"n\",\"secret_ids\":[\""
                + id
                + "\"],\"owner_references\":[]}",
            null,
            user);
    assertThat(k.statusCode()).isEqualTo(401);
    assertThat(
            service
                .send("DELETE", "/api/secrets/sessions/s-nt/files", null, null, null)
                .statusCode())
        .isEqualTo(401);
    assertThat(Files.exists(files.resolve("s-nt"))).isFalse();
  }

  @Test
  void versionAndHealthNeedNoCredential() {
    var v = service.send("GET", "/api/secrets/version", null, null, null);
    assertThat(v.statusCode()).isEqualTo(200);
    assertThat(v.body()).contains("\"version\"");
    assertThat(service.send("GET", "/health", null, null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void writesTheSessionsFilesOwnerReadOnly() throws IOException {
    String user = db.newUser();
    String a = db.store(user, value("a"), keys.publicKey());
    String b = db.store(user, value("b"), keys.publicKey(), SecretsFixture.inSeconds(3600));
    var r =
        service.send(
            "PUT",
            "/api/secrets/sessions/sess-1/files",
            "{\"files\":{\"token\":\"" + a + "\",\"creds/b.txt\":\"" + b + "\"}}",
            SecretsFixture.TOKEN,
            user);
    assertThat(r.statusCode()).isEqualTo(200);
    Path dir = files.resolve("sess-1");
    assertThat(r.body()).contains(dir.toRealPath().toString());
    assertThat(Files.readString(dir.resolve("token"))).isEqualTo(value("a"));
    assertThat(Files.readString(dir.resolve("creds/b.txt"))).isEqualTo(value("b"));
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("creds"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("token"))).isEqualTo("r--------");
    assertThat(mode(dir.resolve("creds/b.txt"))).isEqualTo("r--------");

    // written again: the directory is replaced, not merged
    var again =
        service.send(
            "PUT",
            "/api/secrets/sessions/sess-1/files",
            "{\"files\":{\"only\":\"" + a + "\"}}",
            SecretsFixture.TOKEN,
            user);
    assertThat(again.statusCode()).isEqualTo(200);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("only");
    }
    try (Stream<Path> root = Files.list(files)) {
      assertThat(root.map(p -> p.getFileName().toString())).doesNotContain(".staging-");
    }

    assertThat(
            service
                .send(
                    "DELETE",
                    "/api/secrets/sessions/sess-1/files",
                    null,
                    SecretsFixture.TOKEN,
                    null)
                .statusCode())
        .isEqualTo(204);
    assertThat(Files.exists(dir)).isFalse();
    // deleting what is gone is no error
    assertThat(
            service
                .send(
                    "DELETE",
                    "/api/secrets/sessions/sess-1/files",
                    null,
                    SecretsFixture.TOKEN,
                    null)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void anotherUsersSecretWritesNothing() {
    String owner = db.newUser();
    String other = db.newUser();
    String mine = db.store(other, value("mine"), keys.publicKey());
    String theirs = db.store(owner, value("theirs"), keys.publicKey());
    var r =
        service.send(
            "PUT",
            "/api/secrets/sessions/sess-wrong/files",
            "{\"files\":{\"mine\":\"" + mine + "\",\"theirs\":\"" + theirs + "\"}}",
            SecretsFixture.TOKEN,
            other);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains(theirs).doesNotContain(mine);
    assertThat(Files.exists(files.resolve("sess-wrong"))).isFalse();
    // an id nobody has
    var unknown =
        service.send(
            "PUT",
            "/api/secrets/sessions/sess-wrong/files",
            "{\"files\":{\"x\":\"" + Ulid.next() + "\"}}",
            SecretsFixture.TOKEN,
            other);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Files.exists(files.resolve("sess-wrong"))).isFalse();
  }

  @Test
  void anExpiredSecretWritesNothing() {
    String user = db.newUser();
    String fresh = db.store(user, value("fresh"), keys.publicKey());
    String expired = db.store(user, value("old"), keys.publicKey(), SecretsFixture.inSeconds(-60));
    // within the original's two minutes of margin counts as expired too
    String expiring = db.store(user, value("soon"), keys.publicKey(), SecretsFixture.inSeconds(30));
    for (String gone : List.of(expired, expiring)) {
      var r =
          service.send(
              "PUT",
              "/api/secrets/sessions/sess-exp/files",
              "{\"files\":{\"f\":\"" + fresh + "\",\"g\":\"" + gone + "\"}}",
              SecretsFixture.TOKEN,
              user);
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(r.body()).contains("expired").contains(gone);
      assertThat(Files.exists(files.resolve("sess-exp"))).isFalse();
    }
  }

  @Test
  void pathsOutsideTheSessionsDirectoryAreRefused() {
    String user = db.newUser();
    String id = db.store(user, value("path"), keys.publicKey());
    for (String path :
        List.of(
            "../escape",
            "/etc/passwd",
            "a/../../b",
            "..",
            ".",
            "a//b",
            "a/./b",
            "",
            "a/",
            "x\\y")) {
      var r =
          service.send(
              "PUT",
              "/api/secrets/sessions/sess-path/files",
              "{\"files\":{\"" + path.replace("\\", "\\\\") + "\":\"" + id + "\"}}",
              SecretsFixture.TOKEN,
              user);
      assertThat(r.statusCode()).as(path).isEqualTo(422);
      assertThat(r.body()).contains("\"detail\":\"files\"");
    }
    // one name both a file and a directory
    var both =
        service.send(
            "PUT",
            "/api/secrets/sessions/sess-path/files",
            "{\"files\":{\"a\":\"" + id + "\",\"a/b\":\"" + id + "\"}}",
            SecretsFixture.TOKEN,
            user);
    assertThat(both.statusCode()).isEqualTo(422);
    assertThat(Files.exists(files.resolve("sess-path"))).isFalse();
    assertThat(Files.exists(temp.resolve("escape"))).isFalse();
    // a session name that is not one
    var bad =
        service.send(
            "PUT",
            "/api/secrets/sessions/.hidden/files",
            "{\"files\":{\"a\":\"" + id + "\"}}",
            SecretsFixture.TOKEN,
            user);
    assertThat(bad.statusCode()).isEqualTo(422);
  }

  @Test
  void aSymbolicLinkInPlaceOfTheSessionsDirectoryIsNeverFollowed() throws IOException {
    String user = db.newUser();
    String id = db.store(user, value("link"), keys.publicKey());
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("keep"), "kept");
    Files.createDirectories(files);
    Files.createSymbolicLink(files.resolve("sess-link"), elsewhere);
    var r =
        service.send(
            "PUT",
            "/api/secrets/sessions/sess-link/files",
            "{\"files\":{\"a\":\"" + id + "\"}}",
            SecretsFixture.TOKEN,
            user);
    assertThat(r.statusCode()).isEqualTo(409);
    var d =
        service.send(
            "DELETE", "/api/secrets/sessions/sess-link/files", null, SecretsFixture.TOKEN, null);
    assertThat(d.statusCode()).isEqualTo(409);
    try (Stream<Path> left = Files.list(elsewhere)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("keep");
    }
    assertThat(Files.isSymbolicLink(files.resolve("sess-link"))).isTrue();
  }

  @Test
  void writesTheKubernetesSecretAsTheOriginal() {
    String user = db.newUser();
    String a = db.store(user, value("k8s-a"), keys.publicKey());
    String b = db.store(user, value("k8s-b"), keys.publicKey());
    String body =
        "{\"name\":\"sess-k8s-secrets\",\"namespace\":\"renku\",\"secret_ids\":[\""
            + a
            + "\",\""
            + b
            + "\"],\"owner_references\":[{\"apiVersion\":\"amalthea.dev/v1alpha1\","
            + "\"kind\":\"AmaltheaSession\",\"name\":\"sess-k8s\",\"uid\":\"c9328118-8d32\"}],"
            + "\"key_mapping\":{\""
            + a
            + "\":\"access_key_id\",\""
            + b
            + "\":[\"secret\",\"copy\"]}}";
    var r = service.send("POST", "/api/secrets/kubernetes", body, SecretsFixture.TOKEN, user);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("\"sess-k8s-secrets\"");
    Secret s = k8s.secrets().inNamespace("renku").withName("sess-k8s-secrets").get();
    assertThat(s.getData()).containsOnlyKeys("access_key_id", "secret", "copy");
    assertThat(s.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(s.getMetadata().getOwnerReferences().getFirst().getController()).isTrue();
    assertThat(s.getMetadata().getOwnerReferences().getFirst().getKind())
        .isEqualTo("AmaltheaSession");
    // the values are opened fully: the session mounts the Secret as it is (decision 0031)
    assertThat(
            new String(
                Base64.getDecoder().decode(s.getData().get("access_key_id")),
                StandardCharsets.UTF_8))
        .isEqualTo(value("k8s-a"));
    assertThat(
            new String(Base64.getDecoder().decode(s.getData().get("copy")), StandardCharsets.UTF_8))
        .isEqualTo(value("k8s-b"));

    // again with one secret and its default file name: the Secret is replaced
    var again =
        service.send(
            "POST",
            "/api/secrets/kubernetes",
            "{\"name\":\"sess-k8s-secrets\",\"namespace\":\"renku\",\"secret_ids\":[\""
                + a
                + "\"],\"owner_references\":[]}",
            SecretsFixture.TOKEN,
            user);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(k8s.secrets().inNamespace("renku").withName("sess-k8s-secrets").get().getData())
        .containsOnlyKeys("file-" + a.toLowerCase());
  }

  @Test
  void aKubernetesSecretOfAnotherUsersSecretIsNeverWritten() {
    String owner = db.newUser();
    String other = db.newUser();
    String id = db.store(owner, value("k8s-theirs"), keys.publicKey());
    var r =
        service.send(
            "POST",
            "/api/secrets/kubernetes",
            "{\"name\":\"stolen\",\"namespace\":\"renku\",\"secret_ids\":[\""
                + id
                + "\"],\"owner_references\":[]}",
            SecretsFixture.TOKEN,
            other);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(k8s.secrets().inNamespace("renku").withName("stolen").get()).isNull();
  }

  @Test
  void badKubernetesRequestsAreRefusedByField() {
    String user = db.newUser();
    String id = db.store(user, value("k8s-bad"), keys.publicKey());
    Map<String, String> bodies =
        Map.of(
            "key_mapping",
            "{\"name\":\"n1\",\"namespace\":\"renku\",\"secret_ids\":[\""
                + id
                + "\"],\"owner_references\":[],\"key_mapping\":{\"01J2F86WS7S8N6159WA3X4042H\":\"k\"}}",
            "name",
            "{\"name\":\"Not_A_Name\",\"namespace\":\"renku\",\"secret_ids\":[\""
                + id
                + "\"],\"owner_references\":[]}",
            "secret_ids",
            "{\"name\":\"n2\",\"namespace\":\"renku\",\"secret_ids\":[],\"owner_references\":[]}",
            "owner_references",
            "{\"name\":\"n3\",\"namespace\":\"renku\",\"secret_ids\":[\"" + id + "\"]}",
            "extra",
            "{\"name\":\"n4\",\"namespace\":\"renku\",\"secret_ids\":[\""
                + id
                + "\"],\"owner_references\":[],\"extra\":1}");
    bodies.forEach(
        (field, body) -> {
          var r = service.send("POST", "/api/secrets/kubernetes", body, SecretsFixture.TOKEN, user);
          assertThat(r.statusCode()).as(field).isEqualTo(422);
          assertThat(r.body()).as(field).contains("\"detail\":\"" + field + "\"");
        });
    var notJson =
        service.send("POST", "/api/secrets/kubernetes", "{nope", SecretsFixture.TOKEN, user);
    assertThat(notJson.statusCode()).isEqualTo(422);
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}

package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /storage_schema} and its validate, test_connection and obscure operations, with the
 * machine's rclone: the connection tests go to a real WebDAV server ({@code rclone serve webdav})
 * on loopback, which this class allows.
 */
@TestPropertySource(
    properties = {"renku.storage.allow-private-endpoints=true", "renku.storage.test-timeout=5s"})
class StorageSchemaApiTest extends ApiTest {
  private static final String DAV_USER = "davuser";
  private static final String DAV_PASSWORD = "right-password-4711";
  private static final long LIMIT_MILLIS = 5000;

  private static Process webdav;
  private static String webdavUrl;
  private static Path served;

  @BeforeAll
  static void startWebdav() throws Exception {
    served = Files.createTempDirectory("renku-test-webdav");
    Files.writeString(served.resolve("hello.txt"), "hello");
    int port = freePort();
    webdav =
        new ProcessBuilder(
                "rclone",
                "serve",
                "webdav",
                "--addr",
                "127.0.0.1:" + port,
                "--user",
                DAV_USER,
                "--pass",
                DAV_PASSWORD,
                served.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    webdavUrl = "http://127.0.0.1:" + port + "/";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !webdav.isAlive()) {
          throw new IllegalStateException("rclone serve webdav did not start");
        }
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stopWebdav() throws Exception {
    if (webdav != null) {
      webdav.destroy();
      webdav.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void schemaListsTheAllowedTypesWithRenkusPatches() {
    var r = api.anonymous().get("storage_schema");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, JsonNode> types = new LinkedHashMap<>();
    r.json().forEach(t -> types.put(t.path("prefix").asString(), t));
    assertThat(types)
        .containsKeys("s3", "webdav", "sftp", "polybox", "switchDrive", "openbis")
        .doesNotContainKeys("local", "alias", "union", "combine", "crypt", "memory", "hasher");

    JsonNode pass = option(types.get("webdav"), "pass", null);
    assertThat(pass.path("ispassword").asBoolean()).isTrue();
    assertThat(pass.path("sensitive").asBoolean()).as("patched sensitive").isTrue();
    assertThat(option(types.get("webdav"), "user", null).path("sensitive").asBoolean()).isFalse();
    // rclone 1.60 does not mark S3 keys sensitive; the platform does (else forms show them)
    assertThat(option(types.get("s3"), "secret_access_key", null).path("sensitive").asBoolean())
        .isTrue();
    assertThat(option(types.get("s3"), "access_key_id", null).path("sensitive").asBoolean())
        .isTrue();
    assertThat(names(types.get("webdav"))).doesNotContain("bearer_token_command");
    assertThat(names(types.get("sftp")))
        .contains("host", "user", "pass")
        .doesNotContain("key_file", "pubkey_file", "known_hosts_file", "md5sum_command");
    assertThat(names(types.get("s3")))
        .contains("access_key_id", "secret_access_key")
        .doesNotContain("shared_credentials_file", "profile");

    JsonNode providers = option(types.get("s3"), "provider", null);
    List<String> providerValues = new ArrayList<>();
    providers.path("examples").forEach(e -> providerValues.add(e.path("value").asString()));
    assertThat(providerValues).contains("AWS", "Other", "Switch");
    JsonNode switchEndpoint = option(types.get("s3"), "endpoint", "Switch");
    assertThat(switchEndpoint.path("default").asString()).isEqualTo("https://s3-zh.os.switch.ch");
    JsonNode generic = option(types.get("s3"), "endpoint", "!AWS,");
    assertThat(generic.path("required").asBoolean()).as("S3 endpoint required").isTrue();
    assertThat(generic.path("provider").asString()).endsWith(",Switch");

    assertThat(names(types.get("polybox"))).contains("provider", "public_link", "url");
    assertThat(option(types.get("polybox"), "url", null).path("default").asString())
        .isEqualTo("https://polybox.ethz.ch/remote.php/webdav/");
    JsonNode token = option(types.get("openbis"), "session_token", null);
    assertThat(token.path("sensitive").asBoolean()).isTrue();
    assertThat(option(types.get("s3"), "might_gzip", null).path("default").has("valid"))
        .as("Tristate defaults keep the original's field names")
        .isTrue();
    assertThat(pass.has("default_str")).isTrue();
  }

  @Test
  void validateAcceptsAGoodConfigurationAndNamesTheOffendingOption() {
    Api anyone = api.anonymous();
    var good =
        anyone.post(
            "storage_schema/validate",
            Map.of("type", "webdav", "url", "https://dav.example.org/", "user", "u", "pass", "x"));
    assertThat(good.status()).as(good.body()).isEqualTo(204);
    var s3 =
        anyone.post(
            "storage_schema/validate",
            Map.of(
                "type",
                "s3",
                "provider",
                "Other",
                "endpoint",
                "https://s3.example.org",
                "region",
                "eu"));
    assertThat(s3.status()).as(s3.body()).isEqualTo(204);

    assertInvalid(anyone, Map.of("url", "https://dav.example.org/"), "type");
    assertInvalid(anyone, Map.of("type", "nosuchtype"), "type");
    assertInvalid(anyone, Map.of("type", "local"), "type");
    assertInvalid(anyone, Map.of("type", "alias", "remote", "/etc"), "type");
    assertInvalid(
        anyone,
        Map.of("type", "webdav", "url", "https://dav.example.org/", "frobnicate", "1"),
        "frobnicate");
    assertInvalid(anyone, Map.of("type", "s3", "provider", "Other"), "endpoint");
    assertInvalid(
        anyone,
        Map.of(
            "type",
            "s3",
            "provider",
            "Other",
            "endpoint",
            "https://s3.example.org",
            "force_path_style",
            "yes"),
        "force_path_style");
    assertInvalid(
        anyone,
        Map.of(
            "type",
            "s3",
            "provider",
            "Other",
            "endpoint",
            "https://s3.example.org",
            "upload_concurrency",
            "four"),
        "upload_concurrency");
    assertInvalid(
        anyone,
        Map.of("type", "webdav", "url", "https://dav.example.org/", "bearer_token_command", "id"),
        "bearer_token_command");
    assertInvalid(
        anyone,
        Map.of("type", "sftp", "host", "sftp.example.org", "key_file", "/etc/shadow"),
        "key_file");
    // the platform's own cloud identity is not lent to users
    assertInvalid(
        anyone,
        Map.of(
            "type",
            "s3",
            "provider",
            "AWS",
            "env_auth",
            true,
            "endpoint",
            "https://s3.example.org"),
        "env_auth");
    assertInvalid(anyone, Map.of("type", "azureblob", "account", "a", "use_msi", true), "use_msi");
    // an address is checked even when the option is shown for other providers only
    assertInvalid(
        anyone,
        Map.of("type", "s3", "provider", "IDrive", "endpoint", "http://169.254.169.254/latest"),
        "endpoint");
    // cloud metadata is never reachable, even where private endpoints are allowed
    assertInvalid(
        anyone,
        Map.of("type", "s3", "provider", "Other", "endpoint", "http://169.254.169.254"),
        "endpoint");
  }

  @Test
  void connectionTestIsForLoggedInUsersOnly() {
    var r = api.anonymous().post("storage_schema/test_connection", davTest(DAV_PASSWORD));
    assertThat(r.status()).as(r.body()).isEqualTo(401);
  }

  @Test
  void connectionTestSucceedsWithTheRightCredentialsOnly() {
    Api user = api.as(TestUser.random("storagetest"));
    var right = user.post("storage_schema/test_connection", davTest(DAV_PASSWORD));
    assertThat(right.status()).as(right.body()).isEqualTo(204);

    String wrongPassword = "wrong-password-0815";
    long started = System.nanoTime();
    var wrong = user.post("storage_schema/test_connection", davTest(wrongPassword));
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
    assertThat(wrong.errorCode()).isEqualTo(1422);
    assertThat(wrong.json().path("error").path("message").asString())
        .contains("Could not connect")
        .containsIgnoringCase("unauthorized");
    assertThat(wrong.body()).doesNotContain(wrongPassword).doesNotContain(DAV_PASSWORD);
    assertThat(took).as("a refused login answers before the time limit").isLessThan(LIMIT_MILLIS);
  }

  @Test
  void aServerThatNeverAnswersFailsWithinTheTimeLimit() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        accepted.add(silent.accept()); // and never say a word
                      }
                    } catch (IOException closed) {
                      // the test is over
                    }
                  });
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("type", "webdav");
      config.put("url", "http://127.0.0.1:" + silent.getLocalPort() + "/");
      config.put("user", DAV_USER);
      config.put("pass", DAV_PASSWORD);
      long started = System.nanoTime();
      var r =
          api.as(TestUser.random("storagesilent"))
              .post(
                  "storage_schema/test_connection",
                  Map.of("configuration", config, "source_path", ""));
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.body()).doesNotContain(DAV_PASSWORD);
      assertThat(took).as("stopped at the time limit").isLessThan(LIMIT_MILLIS + 3000);
      silent.close();
      acceptor.join(2000);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void connectionTestRefusesConfigurationsThatReadLocalFiles() {
    Api user = api.as(TestUser.random("storagelocal"));
    var local =
        user.post(
            "storage_schema/test_connection",
            Map.of("configuration", Map.of("type", "local"), "source_path", "/etc"));
    assertThat(local.status()).as(local.body()).isEqualTo(422);
    assertThat(local.json().path("error").path("detail").asString()).isEqualTo("type");
    var keyFile =
        user.post(
            "storage_schema/test_connection",
            Map.of(
                "configuration",
                Map.of("type", "sftp", "host", "127.0.0.1", "key_file", "/etc/ssh/ssh_host_key"),
                "source_path",
                ""));
    assertThat(keyFile.status()).as(keyFile.body()).isEqualTo(422);
    assertThat(keyFile.json().path("error").path("detail").asString()).isEqualTo("key_file");
  }

  @Test
  void obscuredPasswordsAreWhatRcloneReveals() throws Exception {
    String plain = "s3cret with spaces & ümlauts";
    var r =
        api.anonymous()
            .post(
                "storage_schema/obscure",
                Map.of(
                    "configuration",
                    Map.of("type", "webdav", "url", webdavUrl, "user", DAV_USER, "pass", plain)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String obscured = r.field("pass");
    assertThat(obscured).isNotBlank().isNotEqualTo(plain);
    assertThat(r.field("user")).as("not a password").isEqualTo(DAV_USER);
    assertThat(r.field("url")).isEqualTo(webdavUrl);
    Process reveal =
        new ProcessBuilder("rclone", "reveal", obscured).redirectErrorStream(true).start();
    String revealed;
    try (InputStream in = reveal.getInputStream()) {
      revealed = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    assertThat(reveal.waitFor()).isZero();
    assertThat(revealed).isEqualTo(plain);

    var unknown =
        api.anonymous()
            .post("storage_schema/obscure", Map.of("configuration", Map.of("type", "local")));
    assertThat(unknown.status()).isEqualTo(422);
  }

  private static Map<String, Object> davTest(String password) {
    return Map.of(
        "configuration",
        Map.of("type", "webdav", "url", webdavUrl, "user", DAV_USER, "pass", password),
        "source_path",
        "");
  }

  private static void assertInvalid(Api api, Map<String, Object> config, String option) {
    var r = api.post("storage_schema/validate", config);
    assertThat(r.status()).as(config + " -> " + r.body()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo(1422);
    assertThat(r.json().path("error").path("detail").asString()).as(r.body()).isEqualTo(option);
    assertThat(r.json().path("error").path("message").asString()).contains(option);
  }

  private static JsonNode option(JsonNode type, String name, String providerPrefix) {
    for (JsonNode o : type.path("options")) {
      if (o.path("name").asString().equals(name)
          && (providerPrefix == null || o.path("provider").asString().startsWith(providerPrefix))) {
        return o;
      }
    }
    throw new AssertionError("no option " + name + " in " + type.path("prefix").asString());
  }

  private static List<String> names(JsonNode type) {
    List<String> names = new ArrayList<>();
    type.path("options").forEach(o -> names.add(o.path("name").asString()));
    return names;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

package io.renku.launcher;

import static io.renku.launcher.PlatformRequests.freePort;
import static io.renku.launcher.PlatformRequests.json;
import static io.renku.launcher.PlatformRequests.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode for real: Postgres, the SpiceDB engine and the data service in this JVM, tokens signed
 * with the keys in the data directory, and everything still there after a restart (when the
 * in-memory SpiceDB is refilled from Postgres).
 */
class LocalModeTest {

  @TempDir Path dataDir;

  @Test
  void dataAndPermissionsSurviveARestart() throws Exception {
    int port = freePort();
    LauncherOptions options =
        LauncherOptions.parse(
            new String[] {
              "up",
              "--session-runtime",
              "process",
              "--data-dir",
              dataDir.toString(),
              "--port",
              String.valueOf(port)
            });
    String base = "http://127.0.0.1:" + port + "/api/data/";
    String projectId;
    String token;
    try (LocalPlatform platform = LocalPlatform.start(options)) {
      token =
          LocalTokens.mint(
              platform.keys(),
              platform.issuer(),
              "alice-id",
              "alice@example.org",
              "Alice",
              "A",
              false,
              Duration.ofHours(1));
      HttpResponse<String> self = send(base + "user", "GET", token, null);
      assertThat(self.statusCode()).as(self.body()).isEqualTo(200);
      assertThat(json(self).path("username").asString()).isEqualTo("alice");

      HttpResponse<String> created =
          send(base + "projects", "POST", token, "{\"name\":\"Kept\",\"namespace\":\"alice\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      projectId = json(created).path("id").asString();

      // Another data directory's key, or no key at all, is not trusted.
      LocalKeys strangerKeys = LocalKeys.loadOrCreate(dataDir.resolve("other-keys"));
      String forged =
          LocalTokens.mint(
              strangerKeys,
              platform.issuer(),
              "alice-id",
              "alice@example.org",
              "Alice",
              "A",
              true,
              Duration.ofHours(1));
      assertThat(send(base + "user", "GET", forged, null).statusCode()).isEqualTo(401);

      // A second platform on the same data directory is refused.
      LauncherOptions again =
          LauncherOptions.parse(
              new String[] {
                "up",
                "--session-runtime",
                "process",
                "--data-dir",
                dataDir.toString(),
                "--port",
                String.valueOf(freePort())
              });
      // (Across processes the message says "could not lock"; inside one JVM the file lock
      // fails with an OverlappingFileLockException.) The running platform is unaffected.
      assertThatThrownBy(() -> LocalPlatform.start(again)).isInstanceOf(RuntimeException.class);
      assertThat(send(base + "projects/" + projectId, "GET", token, null).statusCode())
          .isEqualTo(200);
    }

    try (LocalPlatform platform = LocalPlatform.start(options)) {
      HttpResponse<String> project = send(base + "projects/" + projectId, "GET", token, null);
      assertThat(project.statusCode()).as(project.body()).isEqualTo(200);
      assertThat(json(project).path("name").asString()).isEqualTo("Kept");
      // Private, so only its owner sees it: SpiceDB was refilled from Postgres.
      assertThat(send(base + "projects/" + projectId, "GET", null, null).statusCode())
          .isEqualTo(404);
      String bob =
          LocalTokens.mint(
              platform.keys(),
              platform.issuer(),
              "bob-id",
              "bob@example.org",
              "Bob",
              "B",
              false,
              Duration.ofHours(1));
      assertThat(send(base + "projects/" + projectId, "GET", bob, null).statusCode())
          .isEqualTo(404);
    }
  }
}

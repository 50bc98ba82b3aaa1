package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.SessionGitCredentials;
import io.renku.data.session.runtime.SessionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container runtime hands a session its owner's git credentials (decision 0040), with this
 * machine's real podman and the busybox image the tests share: the helper directory is mounted at
 * {@link SessionGitCredentials#MOUNT_PATH}, owned by the session's user (it reads the 0400 token,
 * runs the helper, and can replace the token as the helper does after a rotation), git's variables
 * name the helper for the provider's host only, nothing secret is in podman's arguments, and a
 * pause revokes the tokens and removes the directory. (busybox has neither git nor curl: the
 * exchange with the token endpoint is {@code SessionGitCredentialsApiTest}'s.)
 */
class ContainerRuntimeGitCredentialsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CONNECTION = "01JCONNECTION0000000000001";
  private static final String SERVE =
      "mkdir -p /tmp/www$RENKU_BASE_URL_PATH && echo ok > /tmp/www$RENKU_BASE_URL_PATH/index.html"
          + " && exec busybox httpd -f -p 0.0.0.0:$RENKU_SESSION_PORT -h /tmp/www";

  @TempDir Path root;

  @Test
  void theSessionGetsTheHelperAndItsTokenAndAPauseRevokesThem() {
    String token = "refresh-" + System.nanoTime();
    List<String> issued = new CopyOnWriteArrayList<>();
    List<String> revoked = new CopyOnWriteArrayList<>();
    SessionGitCredentials.Issuer issuer =
        new SessionGitCredentials.Issuer() {
          @Override
          public List<SessionGitCredentials.Grant> issue(
              String ownerId, String sessionName, List<String> repositories) {
            issued.add(ownerId + " " + sessionName);
            return List.of(
                new SessionGitCredentials.Grant(
                    "https://gitlab.example.org", CONNECTION, "oauth2", token));
          }

          @Override
          public void revoke(String sessionName) {
            revoked.add(sessionName);
          }
        };
    ContainerRuntime runtime =
        new ContainerRuntime(
            TestEngine.podman(),
            new ContainerRuntime.Settings(
                root,
                WAIT,
                Duration.ofSeconds(30),
                TestEngine.setup().facts().limits().stream()
                    .map(EngineFacts.Limit::controller)
                    .collect(Collectors.toSet()),
                ContainerRuntime.hasInit(),
                0,
                ContainerRuntime.cgroupParent(TestEngine.setup().facts())),
            new RepositoryCloner(Path.of("/usr/bin/git"), true),
            null,
            null,
            issuer,
            "http://host.containers.internal:1/api/data");
    byte[] b = new byte[5];
    ThreadLocalRandom.current().nextBytes(b);
    String name = "ctgit-" + HexFormat.of().formatHex(b);
    String dir = SessionGitCredentials.MOUNT_PATH;
    String script =
        String.join(
            "\n",
            "echo \"token=$(cat " + dir + "/" + CONNECTION + ".token)\"",
            "echo \"endpoint=$(cat " + dir + "/endpoint)\"",
            "env | grep -E '^GIT_CONFIG_' | sort",
            // the helper's rotation: a new file, 0400, renamed over the old one
            "(umask 077 && echo next > "
                + dir
                + "/.n) && chmod 400 "
                + dir
                + "/.n && mv -f "
                + dir
                + "/.n "
                + dir
                + "/"
                + CONNECTION
                + ".token && echo rotated=yes",
            "echo | " + dir + "/git-credential-renku " + CONNECTION + " get; echo helper=$?",
            SERVE);
    try {
      runtime.start(spec(name, script));
      awaitRunning(runtime, name);
      String logs = runtime.logs(name, 200);
      assertThat(logs)
          .contains("token=" + token)
          .contains("endpoint=http://host.containers.internal:1/api/data")
          .contains("GIT_CONFIG_COUNT=1")
          .contains("GIT_CONFIG_KEY_0=credential.https://gitlab.example.org.helper")
          .contains("GIT_CONFIG_VALUE_0=" + dir + "/git-credential-renku " + CONNECTION)
          .contains("rotated=yes")
          .contains("helper=0");
      assertThat(issued).containsExactly("contract-user " + name);
      Path hostDir = root.resolve("git-credentials").resolve(name);
      assertThat(hostDir).exists();

      // nothing secret in podman's arguments
      Podman.Result args =
          TestEngine.podman()
              .exec(
                  List.of(
                      "ps",
                      "--filter",
                      "label=io.renku.session=" + name,
                      "--no-trunc",
                      "--format",
                      "{{.Command}}"),
                  Duration.ofSeconds(30));
      assertThat(args.stdout()).doesNotContain(token);

      runtime.hibernate(name);
      assertThat(revoked).containsExactly(name);
      assertThat(hostDir).doesNotExist();
    } finally {
      runtime.delete(name);
      runtime.close();
    }
  }

  private static void awaitRunning(ContainerRuntime runtime, String name) {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      var s = runtime.status(name);
      if (s.state() == RuntimeState.RUNNING) {
        return;
      }
      if (s.state() == RuntimeState.FAILED) {
        throw new AssertionError(name + " failed: " + s.message() + "\n" + runtime.logs(name, 100));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(name + " did not run: " + runtime.logs(name, 100));
  }

  private static SessionSpec spec(String name, String script) {
    return new SessionSpec(
        name,
        TestEngine.busyboxImage(),
        List.of("/bin/sh", "-c", script),
        List.of(),
        Map.of(),
        8080,
        "/sessions/" + name,
        null,
        "token-" + name,
        0.5,
        1,
        0,
        1,
        "contract-user",
        Map.of(),
        null,
        null,
        1000,
        1000,
        null,
        new ArrayList<>(List.of("http://127.0.0.1:1/none.git")),
        null);
  }
}

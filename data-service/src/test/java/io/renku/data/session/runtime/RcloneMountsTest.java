package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link RcloneMounts} gives rclone (decision 0033): the connector's configuration and
 * credentials in the daemon's environment only, never its command line, and no connector that
 * reaches this machine's files or programs.
 */
class RcloneMountsTest {

  private static DataSourceMount mount(String type, Map<String, String> options) {
    return new DataSourceMount(
        "my-data", type, options, Map.of("pass", "sid-1"), "bucket/dir", "data", true);
  }

  @Test
  void theCredentialsGoInTheEnvironmentAndNotOnTheCommandLine() {
    DataSourceMount m = mount("webdav", Map.of("url", "https://dav.example.org", "user", "ada"));
    Map<String, String> env =
        RcloneMounts.environment(m, Map.of("pass", "obscured-secret"), Path.of("/w"));
    assertThat(env)
        .containsEntry("RCLONE_CONFIG_RENKU_TYPE", "webdav")
        .containsEntry("RCLONE_CONFIG_RENKU_URL", "https://dav.example.org")
        .containsEntry("RCLONE_CONFIG_RENKU_USER", "ada")
        .containsEntry("RCLONE_CONFIG_RENKU_PASS", "obscured-secret")
        .containsEntry("HOME", "/w")
        .containsOnlyKeys(
            "PATH",
            "HOME",
            "RCLONE_CONFIG_RENKU_TYPE",
            "RCLONE_CONFIG_RENKU_URL",
            "RCLONE_CONFIG_RENKU_USER",
            "RCLONE_CONFIG_RENKU_PASS");
    List<String> args =
        RcloneMounts.arguments(
            Path.of("/usr/bin/rclone"),
            m,
            Path.of("/m/my-data"),
            Path.of("/w/my-data.log"),
            Path.of("/w/cache"),
            1000,
            100,
            Duration.ofSeconds(20));
    assertThat(String.join(" ", args))
        .doesNotContain("obscured-secret", "dav.example.org", "ada")
        .contains("--config=/dev/null", "renku:bucket/dir /m/my-data", "--read-only")
        .contains("--uid=1000", "--gid=100", "--allow-other", "--daemon-wait=20s");
  }

  @Test
  void aReadWriteMountCachesWrites() {
    DataSourceMount m = new DataSourceMount("rw", "s3", Map.of(), Map.of(), "", "data", false);
    List<String> args =
        RcloneMounts.arguments(
            Path.of("rclone"),
            m,
            Path.of("/m"),
            Path.of("/l"),
            Path.of("/c"),
            1,
            1,
            Duration.ofSeconds(5));
    assertThat(args).contains("--vfs-cache-mode=writes").doesNotContain("--read-only");
  }

  @Test
  void connectorsThatReachThisMachineAreRefused() {
    assertThat(RcloneMounts.refusal(mount("local", Map.of()))).isPresent();
    assertThat(RcloneMounts.refusal(mount("alias", Map.of("remote", "/etc")))).isPresent();
    assertThat(RcloneMounts.refusal(mount("crypt", Map.of()))).isPresent();
    assertThat(RcloneMounts.refusal(mount("webdav", Map.of("bearer_token_command", "id"))))
        .hasValueSatisfying(why -> assertThat(why).contains("bearer_token_command"));
    assertThat(RcloneMounts.refusal(mount("sftp", Map.of("key_file", "/root/.ssh/id_rsa"))))
        .isPresent();
    assertThat(RcloneMounts.refusal(mount("sftp", Map.of("ssh", "sh -c id")))).isPresent();
    assertThat(RcloneMounts.refusal(mount("s3", Map.of("env_auth", "true")))).isPresent();
    assertThat(RcloneMounts.refusal(mount("s3", Map.of("Bad-Name", "x")))).isPresent();
    assertThat(RcloneMounts.refusal(mount("S3;rm", Map.of()))).isPresent();
    assertThat(
            RcloneMounts.refusal(
                new DataSourceMount("../up", "s3", Map.of(), Map.of(), "", "d", true)))
        .isPresent();
    assertThat(RcloneMounts.refusal(mount("s3", Map.of("provider", "AWS", "region", "x"))))
        .isEmpty();
    assertThat(RcloneMounts.refusal(mount("webdav", Map.of("url", "https://x", "user", "u"))))
        .isEmpty();
  }

  @Test
  void targetsAreBelowTheWorkingDirectoryUnlessAbsolute() {
    DataSourceMount rel = new DataSourceMount("d", "s3", null, null, "", "data/x/", true);
    DataSourceMount abs = new DataSourceMount("d", "s3", null, null, "", "/mnt/../data", true);
    DataSourceMount none = new DataSourceMount("d", "s3", null, null, "", null, true);
    assertThat(rel.targetPathIn("/home/renku/work")).isEqualTo("/home/renku/work/data/x");
    assertThat(abs.targetPathIn("/home/renku/work")).isEqualTo("/data");
    assertThat(none.targetPathIn("/home/renku/work/")).isEqualTo("/home/renku/work/d");
    assertThat(new SessionMounts(null, null, null).secretsMountDirectoryIn("/w"))
        .isEqualTo("/secrets");
    assertThat(new SessionMounts("keys", null, null).secretsMountDirectoryIn("/w"))
        .isEqualTo("/w/keys");
  }

  @Test
  void theSecretsServiceIsAskedForTheSlotFilesAndTheConnectorsCredentials() {
    SessionMounts mounts =
        new SessionMounts(
            null, Map.of("token", "sid-t"), List.of(mount("webdav", Map.of("url", "https://x"))));
    assertThat(mounts.deliveryFiles())
        .containsExactly(
            Map.entry("secrets/token", "sid-t"), Map.entry("storage/my-data/pass", "sid-1"));
  }
}

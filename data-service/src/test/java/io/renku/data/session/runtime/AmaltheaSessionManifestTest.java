package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.renku.data.compute.Placement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link AmaltheaSessionManifest} writes, against what the original's {@code start_session}
 * writes: one whole launch compared with a manifest derived by hand from the original's code
 * ({@code kubernetes/golden-amalthea-session.yaml}, which names the functions), then the rules one
 * by one.
 */
class AmaltheaSessionManifestTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }

  /** Through YAML text, so that numbers compare as the file's do. */
  private static JsonNode asYaml(Object value) throws Exception {
    return YAML.readTree(YAML.writeValueAsString(value));
  }

  private static SessionSpec golden() {
    return Launches.spec(
        "golden-session",
        "renku/renkulab-cuda:latest",
        List.of(),
        List.of(),
        Map.of("GREETING", "hello"),
        "user-1234",
        null,
        null,
        List.of(),
        1,
        Launches.gpuClass("x").context());
  }

  @Test
  void theManifestOfALaunchIsTheOriginals() throws Exception {
    var written = AmaltheaSessionManifest.of(golden(), Launches.SETTINGS, "fixed-cookie-secret");
    JsonNode expected;
    try (var in = getClass().getResourceAsStream("/kubernetes/golden-amalthea-session.yaml")) {
      expected = YAML.readTree(in);
    }
    assertThat(asYaml(written.session())).isEqualTo(expected);

    // get_auth_secret_authenticated: the oauth2-proxy file and the owner's address
    assertThat(written.authSecretData().get("auth"))
        .isEqualTo(
            """
            provider = "oidc"
            client_id = "renku-jupyterserver"
            oidc_issuer_url = "https://renku.example.org/auth/realms/Renku"
            session_cookie_minimal = true
            skip_provider_button = true
            redirect_url = "https://renku.example.org/sessions/golden-session/oauth2/callback"
            cookie_path = "/sessions/golden-session"
            proxy_prefix = "/sessions/golden-session/oauth2"
            authenticated_emails_file = "/authorized_emails"
            client_secret = "oidc-client-secret"
            cookie_secret = "fixed-cookie-secret"
            insecure_oidc_allow_unverified_email = false
            """);
    assertThat(written.authSecretData()).containsEntry("authorized_emails", "ada@example.org");
  }

  @Test
  void anAnonymousVisitorsSessionChecksTheGatewaysAnonymousCookie() throws Exception {
    SessionSpec spec = Launches.anonymous("anon-session");
    var written = AmaltheaSessionManifest.of(spec, Launches.SETTINGS, "unused");
    // get_auth_secret_anonymous: authproxy {token, cookie_key, verbose}; the token is the raw
    // value of the gateway's cookie for the visitor, which for us is the visitor's id
    assertThat(yaml(written.authSecretData().get("auth")))
        .isEqualTo(
            yaml(
                """
                authproxy:
                  cookie_key: _renku_anon
                  token: anon-AbCdEfGhIjKlMnOpQrStUvWxYz012345
                  verbose: true
                """));
    assertThat(written.authSecretData()).containsOnlyKeys("auth");
    JsonNode cr = asYaml(written.session());
    assertThat(cr.at("/spec/authentication/type").asText()).isEqualTo("token");
    assertThat(cr.at("/spec/authentication/secretRef"))
        .isEqualTo(yaml("{name: anon-session, key: auth, adopt: true}"));
    assertThat(cr.at("/metadata/labels/renku.io~1anonymous-session").asText()).isEqualTo("true");
    assertThat(cr.at("/spec/template/metadata/labels/renku.io~1anonymous-session").asText())
        .isEqualTo("true");
    assertThat(cr.at("/spec/extraVolumes").isMissingNode()).as("no e-mail allow-list").isTrue();
  }

  @Test
  void theWorkVolumeHoldsTheWorkingDirectorySoItsFilesSurviveAPause() {
    // get_mount_work_dir
    assertThat(dirs(null, null)).isEqualTo(dirs("/home/renku/work", "/home/renku/work"));
    assertThat(dirs("/home/rstudio/work/project", "/home/rstudio/work"))
        .isEqualTo(
            new AmaltheaSessionManifest.Directories(
                "/home/rstudio/work", "/home/rstudio/work/project"));
    assertThat(dirs("/opt/app", null))
        .as("the mount directory defaults to the working directory")
        .isEqualTo(new AmaltheaSessionManifest.Directories("/opt/app", "/opt/app"));
    assertThat(dirs("/srv/elsewhere", "/home/renku/work"))
        .as("a working directory outside the volume becomes the mount directory")
        .isEqualTo(new AmaltheaSessionManifest.Directories("/home/renku/work", "/home/renku/work"));
    assertThat(dirs("/home/renku/workspace", "/home/renku/work"))
        .as("a sibling with a common prefix is outside too")
        .isEqualTo(new AmaltheaSessionManifest.Directories("/home/renku/work", "/home/renku/work"));
    assertThat(dirs(null, "/"))
        .as("never over the image's root")
        .isEqualTo(new AmaltheaSessionManifest.Directories("/work", "/work"));
  }

  private static AmaltheaSessionManifest.Directories dirs(String work, String mount) {
    return AmaltheaSessionManifest.directories(
        Launches.spec(
            "d", "i", List.of(), List.of(), Map.of(), "u", work, mount, List.of(), 0, null));
  }

  @Test
  void aCustomImageKeepsItsCommandArgumentsAndDirectoriesAndStripsThePath() throws Exception {
    JsonNode session =
        asYaml(
                AmaltheaSessionManifest.of(Launches.customImage("c1"), Launches.SETTINGS, "x")
                    .session())
            .at("/spec/session");
    assertThat(session.get("command")).isEqualTo(yaml("[/init, rserver]"));
    assertThat(session.get("args")).isEqualTo(yaml("['--www-port=8787', '--auth-none=1']"));
    assertThat(session.get("workingDir").asText()).isEqualTo("/home/rstudio/work/project");
    assertThat(session.at("/storage/mountPath").asText()).isEqualTo("/home/rstudio/work");
    assertThat(session.get("stripURLPath").asBoolean()).isTrue();
    assertThat(session.get("env").toString())
        .contains("{\"name\":\"RENKU_WORKING_DIR\",\"value\":\"/home/rstudio/work/project\"}")
        .contains("{\"name\":\"CNB_APP_DIR\",\"value\":\"/home/rstudio/work/project\"}");
  }

  @Test
  void repositoriesAreClonedIntoTheWorkingDirectoryEachUnderItsName() throws Exception {
    JsonNode repos =
        asYaml(
                AmaltheaSessionManifest.of(Launches.withRepositories("r1"), Launches.SETTINGS, "x")
                    .session())
            .at("/spec/codeRepositories");
    assertThat(repos)
        .isEqualTo(
            yaml(
                """
                - {type: git, clonePath: src, remote: "https://gitlab.example.org/ada/analysis.git"}
                - {type: git, clonePath: src/analysis-2, remote: "https://github.com/ada/analysis"}
                - {type: git, clonePath: src, remote: "https://github.com/ada/data-tools"}
                """));
  }

  @Test
  void theLaunchersVariablesComeAfterThePlatformsAndCannotReplaceThem() {
    SessionSpec spec =
        Launches.spec(
            "e1",
            "i",
            List.of(),
            List.of(),
            new java.util.LinkedHashMap<>(
                Map.of("RENKU_BASE_URL", "https://evil.example", "CNB_APP_DIR", "/tmp", "A", "1")),
            "u",
            null,
            null,
            List.of(),
            0,
            Launches.context(false, Placement.NONE, false));
    var env =
        AmaltheaSessionManifest.env(
            spec,
            spec.context(),
            AmaltheaSessionManifest.directories(spec),
            "/sessions/e1",
            "https://renku.example.org/sessions/e1");
    assertThat(env.toString())
        .contains("{name=RENKU_BASE_URL, value=https://renku.example.org/sessions/e1}")
        .contains("{name=CNB_APP_DIR, value=/home/renku/work}")
        .doesNotContain("evil")
        .doesNotContain("/tmp")
        .endsWith("{name=A, value=1}]");
  }

  @Test
  void cullingIsTheWholeSetAsTheOriginalFormatsDurations() {
    assertThat(AmaltheaSessionManifest.goDuration(Duration.ZERO)).isEqualTo("0s");
    assertThat(AmaltheaSessionManifest.goDuration(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(AmaltheaSessionManifest.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(AmaltheaSessionManifest.goDuration(Duration.ofSeconds(86400))).isEqualTo("24h");
    assertThat(AmaltheaSessionManifest.goDuration(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
    SessionSpec neverIdle =
        Launches.spec(
            "c", "i", List.of(), List.of(), Map.of(), "u", null, null, List.of(), 0, null);
    SessionSpec poolSaysNever =
        new SessionSpec(
            "c",
            "i",
            List.of(),
            List.of(),
            Map.of(),
            8888,
            "/sessions/c",
            null,
            "t",
            1,
            1,
            0,
            1,
            "u",
            Map.of(),
            0L,
            0L,
            1000,
            1000,
            null,
            List.of());
    assertThat(AmaltheaSessionManifest.culling(poolSaysNever, Launches.SETTINGS))
        .as("a pool's 0 is the operator's never")
        .containsEntry("maxIdleDuration", "0s")
        .containsEntry("maxHibernatedDuration", "0s");
    assertThat(AmaltheaSessionManifest.culling(neverIdle, Launches.SETTINGS))
        .containsOnlyKeys(
            "maxAge",
            "maxFailedDuration",
            "maxHibernatedDuration",
            "maxIdleDuration",
            "maxStartingDuration",
            "cpuIdleThreshold")
        .containsEntry("maxIdleDuration", "1h")
        .containsEntry("maxHibernatedDuration", "72h");
  }

  @Test
  void resourcesAreTheOriginalsUnits() {
    SessionSpec spec =
        new SessionSpec(
            "r",
            "i",
            List.of(),
            List.of(),
            Map.of(),
            8888,
            "/sessions/r",
            null,
            "t",
            0.25,
            4,
            0,
            1,
            "u",
            Map.of(),
            null,
            null,
            1000,
            1000,
            null,
            List.of());
    assertThat(AmaltheaSessionManifest.resources(spec, 0.5))
        .as("a factor below 1 sets no CPU limit")
        .isEqualTo(
            Map.of(
                "requests", Map.of("cpu", "250m", "memory", "4Gi"),
                "limits", Map.of("memory", "4Gi")));
    assertThat(AmaltheaSessionManifest.resources(spec, 3))
        .isEqualTo(
            Map.of(
                "requests", Map.of("cpu", "250m", "memory", "4Gi"),
                "limits", Map.of("memory", "4Gi", "cpu", "750m")));
  }
}

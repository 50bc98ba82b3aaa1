package io.renku.data.api;

import static io.renku.data.api.Fixtures.createProject;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import io.renku.k8s.cache.CacheStore;
import io.renku.k8s.cache.ResourceKind;
import io.renku.k8s.watcher.Watcher;
import io.renku.k8s.watcher.WatcherConfig;
import io.renku.session.crd.AmaltheaSession;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The kubernetes runtime against the fabric8 mock API server (CRUD mode): {@code POST /sessions}
 * creates an AmaltheaSession with the fields the original sets, the watcher mirrors it into the
 * cache table the API reads the state from, pausing and resuming patch {@code spec.hibernated},
 * deleting removes it. The operator's part (status from pods) is played by the test.
 */
class KubernetesSessionApiTest extends ApiTest {
  private static final String NAMESPACE = "renku-sessions";
  private static final KubernetesMockServer SERVER = startServer();
  private static final NamespacedKubernetesClient K8S = SERVER.createClient();
  private static Watcher watcher;

  @Autowired DataSource dataSource;

  private static KubernetesMockServer startServer() {
    var server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    return server;
  }

  @DynamicPropertySource
  static void kubernetes(DynamicPropertyRegistry registry) {
    registry.add("renku.sessions.runtime", () -> "kubernetes");
    registry.add("renku.sessions.kubernetes.master-url", () -> K8S.getMasterUrl().toString());
    registry.add("renku.sessions.kubernetes.namespace", () -> NAMESPACE);
    registry.add("renku.sessions.kubernetes.ingress-host", () -> "renku.example.org");
    registry.add("renku.sessions.kubernetes.cpu-limit-factor", () -> "2");
    registry.add("renku.sessions.kubernetes.tls-secret", () -> "renku-ch-tls");
    registry.add(
        "renku.sessions.kubernetes.oidc.issuer-url",
        () -> "https://renku.example.org/auth/realms/Renku");
    registry.add("renku.sessions.kubernetes.oidc.client-secret", () -> "oidc-client-secret");
  }

  @BeforeEach
  void startWatcher() throws Exception {
    if (watcher == null) {
      watcher =
          new Watcher(
              K8S,
              new CacheStore(dataSource),
              new WatcherConfig(
                  "local",
                  List.of(ResourceKind.AMALTHEA_SESSION),
                  List.of(NAMESPACE),
                  Duration.ofHours(1),
                  Duration.ofSeconds(1),
                  100,
                  Files.createTempDirectory("watcher").resolve("ready")));
      watcher.start();
    }
  }

  @AfterAll
  static void stop() {
    if (watcher != null) {
      watcher.close();
    }
    K8S.close();
    SERVER.destroy();
  }

  private static String state(Api as, String name) {
    return as.get("sessions/" + name).json().path("status").path("state").asString();
  }

  /** What the operator would do: report a state. */
  private static void operatorReports(String name, String state) {
    K8S.resources(AmaltheaSession.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"state\":\""
                + state
                + "\",\"containerCounts\":{\"ready\":2,\"total\":2}}}");
  }

  @Test
  void sessionsBecomeAmaltheaSessionsAndTheirStateComesFromTheCache() {
    TestUser owner = TestUser.random("kowner");
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("kp"), "private").path("id").asString();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Lab");
    body.put("project_id", projectId);
    body.put(
        "environment",
        Map.of(
            "environment_kind",
            "CUSTOM",
            "name",
            "Lab",
            "container_image",
            "quay.io/jupyter/minimal-notebook:2025-01-01",
            "port",
            8888,
            "default_url",
            "/lab",
            // sessions run in containers here: anyone may set a command (decision 0018)
            "command",
            List.of("start-notebook.py")));
    body.put("env_variables", List.of(Map.of("name", "GREETING", "value", "hello")));
    Api as = api.as(owner);
    var launcher = as.post("session_launchers", body);
    assertThat(launcher.status()).as(launcher.body()).isEqualTo(201);

    var started =
        as.post("sessions", Map.of("launcher_id", launcher.field("id"), "disk_storage", 3));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String name = started.field("name");

    AmaltheaSession cr =
        K8S.resources(AmaltheaSession.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(cr).isNotNull();
    var session = cr.getSpec().session();
    assertThat(session.image()).isEqualTo("quay.io/jupyter/minimal-notebook:2025-01-01");
    assertThat(session.port()).isEqualTo(8888);
    assertThat(session.command()).containsExactly("start-notebook.py");
    assertThat(session.urlPath()).as("the start page").isEqualTo("/sessions/" + name + "/lab");
    assertThat(session.storage().size().toString()).isEqualTo("3G");
    assertThat(session.resources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(session.resources().getLimits().get("cpu").toString()).isEqualTo("1000m");
    assertThat(session.env()).anyMatch(e -> e.getName().equals("GREETING"));
    assertThat(cr.getSpec().ingress().host()).isEqualTo("renku.example.org");
    assertThat(cr.getSpec().hibernated()).isFalse();
    assertThat(cr.getMetadata().getAnnotations())
        .containsEntry("renku.io/project_id", projectId)
        .containsEntry("renku.io/launcher_id", launcher.field("id"))
        .containsEntry("renku.io/user_id", owner.id());
    assertThat(K8S.secrets().inNamespace(NAMESPACE).withName(name).get())
        .as("the secret of the session's authentication")
        .isNotNull();

    await().atMost(Duration.ofSeconds(10)).until(() -> state(as, name).equals("starting"));
    operatorReports(name, "Running");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(as, name).equals("running"));
    assertThat(as.get("sessions/" + name).json().path("status").path("ready_containers").asInt())
        .isEqualTo(2);

    var paused = as.patch("sessions/" + name, Map.of("state", "hibernated"));
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(
            K8S.resources(AmaltheaSession.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get()
                .getSpec()
                .hibernated())
        .isTrue();
    operatorReports(name, "Hibernated");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(as, name).equals("hibernated"));

    var resumed = as.patch("sessions/" + name, Map.of("state", "running"));
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    assertThat(
            K8S.resources(AmaltheaSession.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get()
                .getSpec()
                .hibernated())
        .isFalse();

    await().atMost(Duration.ofSeconds(10)).until(() -> state(as, name).equals("starting"));
    operatorReports(name, "Running");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(as, name).equals("running"));

    // The operator pauses an idle session by itself: the API shows it paused.
    K8S.resources(AmaltheaSession.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"hibernated\":true}}");
    operatorReports(name, "Hibernated");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(as, name).equals("hibernated"));

    TestUser stranger = TestUser.random("kstranger");
    register(api, stranger);
    assertThat(api.as(stranger).get("sessions/" + name).status()).isEqualTo(404);

    assertThat(as.delete("sessions/" + name).status()).isEqualTo(204);
    assertThat(K8S.resources(AmaltheaSession.class).inNamespace(NAMESPACE).withName(name).get())
        .isNull();
    assertThat(as.get("sessions/" + name).status()).isEqualTo(404);
  }

  private static final TestUser ADMIN = TestUser.randomAdmin("kadmin");

  /** A public project with a Jupyter launcher of {@code owner}; returns the launcher id. */
  private String launcher(TestUser owner, String visibility) {
    String ns = register(api, owner);
    String projectId =
        createProject(api.as(owner), ns, slug("kp"), visibility).path("id").asString();
    var launcher =
        api.as(owner)
            .post(
                "session_launchers",
                Map.of(
                    "name",
                    "Lab",
                    "project_id",
                    projectId,
                    "environment",
                    Map.of(
                        "environment_kind",
                        "CUSTOM",
                        "name",
                        "Lab",
                        "container_image",
                        "quay.io/jupyter/minimal-notebook:2025-01-01",
                        "port",
                        8888,
                        "default_url",
                        "/lab")));
    assertThat(launcher.status()).as(launcher.body()).isEqualTo(201);
    return launcher.field("id");
  }

  /** The AmaltheaSession as the API server stores it, field for field. */
  private static Map<String, Object> stored(String name) {
    var r =
        K8S.genericKubernetesResources(
                io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.fromResourceType(
                    AmaltheaSession.class))
            .inNamespace(NAMESPACE)
            .withName(name)
            .get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", r.getApiVersion());
    m.put("kind", r.getKind());
    m.put("metadata", r.getMetadata());
    m.putAll(r.getAdditionalProperties());
    return m;
  }

  private static String secret(String name, String key) {
    var secret = K8S.secrets().inNamespace(NAMESPACE).withName(name).get();
    assertThat(secret).as("the session's authentication secret").isNotNull();
    return secret.getStringData() != null && secret.getStringData().containsKey(key)
        ? secret.getStringData().get(key)
        : new String(
            java.util.Base64.getDecoder().decode(secret.getData().get(key)),
            java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aLoggedInUsersSessionLogsInWithTheOwnersAddressAndCarriesThePlatformsVariables() {
    TestUser owner = TestUser.random("klogin");
    String launcherId = launcher(owner, "private");
    Api as = api.as(owner);
    var started = as.post("sessions", Map.of("launcher_id", launcherId));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String name = started.field("name");

    Map<String, Object> cr = stored(name);
    assertThat(io.renku.session.crd.CrdSchemaCheck.generated().problems(cr))
        .as("accepted by our CRD under strict validation")
        .isEmpty();
    AmaltheaSession typed =
        K8S.resources(AmaltheaSession.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(typed.getSpec().authentication().type().toString())
        .isEqualToIgnoringCase("oauth2proxy");
    String config = secret(name, "auth");
    assertThat(config)
        .contains("provider = \"oidc\"")
        .contains("client_id = \"renku-jupyterserver\"")
        .contains("cookie_path = \"/sessions/" + name + "\"")
        .contains(
            "redirect_url = \"https://renku.example.org/sessions/" + name + "/oauth2/callback\"")
        .contains("authenticated_emails_file = \"/authorized_emails\"");
    assertThat(secret(name, "authorized_emails"))
        .as("only the owner logs in")
        .isEqualTo(owner.email());
    Map<String, String> env = new LinkedHashMap<>();
    typed.getSpec().session().env().forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env)
        .containsEntry("RENKU_BASE_URL_PATH", "/sessions/" + name)
        .containsEntry("RENKU_BASE_URL", "https://renku.example.org/sessions/" + name)
        .containsEntry("RENKU_LAUNCHER_ID", launcherId)
        .containsEntry("RENKU_SESSION", "1")
        .containsEntry("RENKU_SESSION_PORT", "8888")
        .containsKeys("RENKU_PROJECT_ID", "RENKU_PROJECT_PATH", "RENKU_MOUNT_DIR", "CNB_APP_DIR");
    assertThat(env.get("RENKU_PROJECT_PATH")).as("namespace/slug").contains("/kp");
    assertThat(((Map<?, ?>) cr.get("spec")).get("reconcileStrategy"))
        .isEqualTo("whenFailedOrHibernated");
    assertThat(as.delete("sessions/" + name).status()).isEqualTo(204);
    assertThat(K8S.secrets().inNamespace(NAMESPACE).withName(name).get()).isNull();
  }

  /**
   * How the browser reaches a visitor's cluster session, as in the original: the session's
   * authentication proxy checks the gateway's own cookie for anonymous visitors. The original's
   * token is the raw value of the gateway's cookie of the visitor ({@code
   * get_auth_secret_anonymous}); ours is the visitor's id, which is the raw value of the gateway's
   * {@code _renku_anon} cookie (set by the gateway's {@code IdentityRelayFilter}: {@code Path=/},
   * {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure}); the session's Ingress is on the
   * platform's host, so the browser sends it along.
   */
  @Test
  void anAnonymousVisitorsSessionChecksTheGatewaysAnonymousCookie() {
    TestUser owner = TestUser.random("kpublic");
    String launcherId = launcher(owner, "public");
    String visitorId = "anon-kvisitor-" + slug("v");
    Api visitor =
        api.anonymous()
            .header("Renku-Auth-Anon-Id", visitorId)
            .header("Renku-Gateway-Secret", GATEWAY_SECRET);
    anonymousSessions(true);
    try {
      var started = visitor.post("sessions", Map.of("launcher_id", launcherId));
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      String name = started.field("name");
      assertThat(io.renku.session.crd.CrdSchemaCheck.generated().problems(stored(name))).isEmpty();
      AmaltheaSession cr =
          K8S.resources(AmaltheaSession.class).inNamespace(NAMESPACE).withName(name).get();
      assertThat(cr.getSpec().authentication().type().toString()).isEqualToIgnoringCase("token");
      assertThat(cr.getMetadata().getLabels()).containsEntry("renku.io/anonymous-session", "true");
      assertThat(secret(name, "auth"))
          .isEqualTo(
              "authproxy:\n"
                  + "  cookie_key: \"_renku_anon\"\n"
                  + "  token: \""
                  + visitorId
                  + "\"\n"
                  + "  verbose: true\n");
      assertThat(visitor.delete("sessions/" + name).status()).isEqualTo(204);
    } finally {
      anonymousSessions(false);
    }
  }

  private void anonymousSessions(boolean enabled) {
    register(api, ADMIN);
    Api admin = api.as(ADMIN);
    var now = admin.get("platform/config");
    var set =
        admin
            .header("If-Match", now.field("etag"))
            .patch("platform/config", Map.of("anonymous_sessions_enabled", enabled));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
  }
}

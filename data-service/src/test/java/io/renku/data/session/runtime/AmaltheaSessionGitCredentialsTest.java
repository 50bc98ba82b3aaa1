package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.renku.k8s.cache.CacheStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster session's git credentials of connected services (decision 0040): the AmaltheaSession
 * mounts the Secret with the credential helper read-only, an {@code emptyDir} for the rotated
 * token, and names the helper for the provider's host only in git's variables; {@link
 * KubernetesRuntime} writes that Secret owned by the session, issues new tokens at a resume,
 * revokes them at a pause and deletes them with the session (fabric8's mock API server in CRUD
 * mode).
 */
class AmaltheaSessionGitCredentialsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesMockServer SERVER = startServer();
  private static final NamespacedKubernetesClient K8S = SERVER.createClient();
  private static final String PROVIDER = "https://gitlab.example.org";
  private static final String CONNECTION = "01JCONNECTION0000000000001";

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

  @AfterAll
  static void stop() {
    K8S.close();
    SERVER.destroy();
  }

  private static SessionGitCredentials.Grant grant(String token) {
    return new SessionGitCredentials.Grant(PROVIDER, CONNECTION, "oauth2", token);
  }

  private static Map<String, String> env(JsonNode cr) {
    Map<String, String> env = new LinkedHashMap<>();
    cr.at("/spec/session/env")
        .forEach(e -> env.put(e.get("name").asText(), e.get("value").asText()));
    return env;
  }

  @Test
  void theSessionMountsTheHelperAndConfiguresGitForTheProvidersHostOnly() throws Exception {
    String token = "refresh-" + System.nanoTime();
    var written =
        AmaltheaSessionManifest.of(
            Launches.withRepositories("git-session"),
            Launches.SETTINGS,
            "c",
            List.of(grant(token)));
    JsonNode cr = JSON.valueToTree(written.session());
    assertThat(JSON.writeValueAsString(written))
        .as("no token in the manifests")
        .doesNotContain(token);

    assertThat(cr.at("/spec/extraVolumes").toString())
        .contains(
            "{\"name\":\"renku-git\",\"secret\":{\"secretName\":\"git-session-git\","
                + "\"defaultMode\":360,\"optional\":true}}")
        .contains("{\"name\":\"renku-git-state\",\"emptyDir\":{\"medium\":\"Memory\"}}");
    assertThat(cr.at("/spec/session/extraVolumeMounts").toString())
        .contains("{\"name\":\"renku-git\",\"mountPath\":\"/run/renku-git\",\"readOnly\":true}")
        .contains("{\"name\":\"renku-git-state\",\"mountPath\":\"/run/renku-git-state\"}");
    assertThat(env(cr))
        .containsEntry("GIT_CONFIG_COUNT", "1")
        .containsEntry("GIT_CONFIG_KEY_0", "credential.https://gitlab.example.org.helper")
        .containsEntry("GIT_CONFIG_VALUE_0", "/run/renku-git/git-credential-renku " + CONNECTION)
        .containsEntry("RENKU_GIT_STATE_DIR", "/run/renku-git-state");

    // without grants (no connection, or a public host): nothing of it
    JsonNode plain =
        JSON.valueToTree(
            AmaltheaSessionManifest.of(Launches.withRepositories("plain"), Launches.SETTINGS, "c")
                .session());
    assertThat(plain.toString()).doesNotContain("renku-git");
    assertThat(env(plain)).doesNotContainKey("GIT_CONFIG_COUNT");
    // an anonymous visitor: nothing either
    JsonNode anonymous =
        JSON.valueToTree(
            AmaltheaSessionManifest.of(
                    Launches.anonymous("anon-git"), Launches.SETTINGS, "c", List.of(grant(token)))
                .session());
    assertThat(anonymous.toString()).doesNotContain("renku-git");
  }

  @Test
  void theRuntimeWritesTheSecretOwnedByTheSessionAndRevokesTheTokensWhenItStops() {
    AtomicInteger issued = new AtomicInteger();
    List<String> revoked = new ArrayList<>();
    List<String> asked = new ArrayList<>();
    SessionGitCredentials.Issuer issuer =
        new SessionGitCredentials.Issuer() {
          @Override
          public List<SessionGitCredentials.Grant> issue(
              String ownerId, String sessionName, List<String> repositories) {
            asked.add(ownerId + " " + sessionName + " " + repositories.size());
            return List.of(grant("refresh-" + issued.incrementAndGet()));
          }

          @Override
          public void revoke(String sessionName) {
            revoked.add(sessionName);
          }

          @Override
          public java.util.Optional<String> cloneAuthorization(String ownerId, String url) {
            return java.util.Optional.of(
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("oauth2:access-" + issued.get()).getBytes(StandardCharsets.UTF_8)));
          }
        };
    var runtime =
        new KubernetesRuntime(
            SERVER.createClient(),
            new CacheStore(new org.springframework.jdbc.datasource.DriverManagerDataSource()),
            Launches.SETTINGS,
            null,
            issuer,
            "https://renku.example.org/api/data");
    String name = "git-runtime-session";
    String ns = Launches.SETTINGS.namespace();
    runtime.start(Launches.withRepositories(name));
    assertThat(asked).containsExactly("user-1234 " + name + " 3");

    GenericKubernetesResource created =
        K8S.genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(
                    io.renku.session.crd.AmaltheaSession.class))
            .inNamespace(ns)
            .withName(name)
            .get();
    Secret secret = K8S.secrets().inNamespace(ns).withName(name + "-git").get();
    assertThat(secret).isNotNull();
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("AmaltheaSession");
              assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid());
            });
    Map<String, String> data = data(secret);
    assertThat(data)
        .containsEntry(CONNECTION + ".token", "refresh-1")
        .containsEntry(CONNECTION + ".user", "oauth2")
        .containsEntry("endpoint", "https://renku.example.org/api/data")
        .containsEntry(SessionGitCredentials.HELPER, SessionGitCredentials.helperScript())
        .containsEntry(
            "clone-" + CONNECTION + ".yaml", "{\"username\":\"oauth2\",\"password\":\"access-1\"}");
    // the operator's first clone of the provider's repository uses it; other hosts' clone as before
    JsonNode repos = JSON.valueToTree(created).at("/spec/codeRepositories");
    assertThat(repos.get(0).path("remote").asText()).startsWith(PROVIDER + "/");
    assertThat(repos.get(0).path("cloningConfigSecretRef").toString())
        .isEqualTo("{\"name\":\"" + name + "-git\",\"key\":\"clone-" + CONNECTION + ".yaml\"}");
    assertThat(repos.get(1).has("cloningConfigSecretRef")).isFalse();
    assertThat(repos.get(2).has("cloningConfigSecretRef")).isFalse();

    runtime.hibernate(name);
    assertThat(revoked).containsExactly(name);
    runtime.start(Launches.withRepositories(name)); // resume: a fresh token
    assertThat(data(K8S.secrets().inNamespace(ns).withName(name + "-git").get()))
        .containsEntry(CONNECTION + ".token", "refresh-2");

    runtime.delete(name);
    assertThat(revoked).containsExactly(name, name);
    assertThat(K8S.secrets().inNamespace(ns).withName(name + "-git").get()).isNull();
  }

  private static Map<String, String> data(Secret s) {
    Map<String, String> data = new LinkedHashMap<>();
    (s.getData() == null ? Map.<String, String>of() : s.getData())
        .forEach(
            (k, v) ->
                data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    if (s.getStringData() != null) {
      data.putAll(s.getStringData());
    }
    return data;
  }
}

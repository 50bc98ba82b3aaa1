package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.renku.data.secret.SecretDelivery;
import io.renku.k8s.cache.CacheStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster session's secret files and data connectors (decision 0033), as the original's {@code
 * start_session} writes them: the AmaltheaSession's {@code dataSources}, the secrets volume and its
 * mount against a golden file derived from the original's code ({@code
 * kubernetes/golden-amalthea-session-mounts.yaml}), and what {@link KubernetesRuntime} has the
 * secrets service write, owned by the session it created (fabric8's mock API server in CRUD mode).
 */
class AmaltheaSessionMountsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesMockServer SERVER = startServer();
  private static final NamespacedKubernetesClient K8S = SERVER.createClient();

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

  private static JsonNode asYaml(Object value) throws Exception {
    return YAML.readTree(YAML.writeValueAsString(value));
  }

  @Test
  void theDataSourcesAndTheSecretsVolumeAreTheOriginals() throws Exception {
    var written =
        AmaltheaSessionManifest.of(Launches.withMounts("mounts-session"), Launches.SETTINGS, "c");
    JsonNode cr = asYaml(written.session());
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("dataSources", cr.at("/spec/dataSources"));
    parts.put("extraVolumes", cr.at("/spec/extraVolumes"));
    parts.put("sessionExtraVolumeMounts", cr.at("/spec/session/extraVolumeMounts"));
    parts.put("dataSourceSecrets", written.dataSourceSecrets());
    JsonNode expected;
    try (var in =
        getClass().getResourceAsStream("/kubernetes/golden-amalthea-session-mounts.yaml")) {
      expected = YAML.readTree(in);
    }
    assertThat(asYaml(parts)).isEqualTo(expected);
    assertThat(YAML.writeValueAsString(written))
        .as("no secret id's value, no sensitive option in the manifests")
        .doesNotContain("secret_access_key", "access_key_id", "pass =");
  }

  @Test
  void aConnectorThatWouldReadTheNodesFilesIsLeftOutAndNoValueStartsASection() throws Exception {
    SessionSpec spec =
        Launches.defaultEnvironment("refusing")
            .withMounts(
                new SessionMounts(
                    null,
                    Map.of(),
                    List.of(
                        new DataSourceMount(
                            "node-files", "local", Map.of(), Map.of(), "/etc", "etc", true),
                        new DataSourceMount(
                            "dav",
                            "webdav",
                            Map.of("url", "https://x\n[evil]\ntype = local"),
                            Map.of(),
                            "",
                            "dav",
                            true))));
    var written = AmaltheaSessionManifest.of(spec, Launches.SETTINGS, "c");
    JsonNode cr = asYaml(written.session());
    assertThat(cr.at("/spec/dataSources").size()).isEqualTo(1);
    assertThat(written.dataSourceSecrets()).containsOnlyKeys("refusing-ds-dav");
    assertThat(written.dataSourceSecrets().get("refusing-ds-dav").get("configData"))
        .isEqualTo("[dav]\ntype = webdav\nurl = https://x\n\t[evil]\n\ttype = local\n\n");
  }

  @Test
  void anAnonymousVisitorGetsNoSecretsVolume() throws Exception {
    SessionSpec spec =
        Launches.anonymous("anon-mounts").withMounts(Launches.withMounts("x").mounts());
    JsonNode cr = asYaml(AmaltheaSessionManifest.of(spec, Launches.SETTINGS, "c").session());
    assertThat(cr.at("/spec/extraVolumes").isMissingNode()).isTrue();
    assertThat(cr.at("/spec/session/extraVolumeMounts").size()).isZero();
  }

  @Test
  void theRuntimeHasTheSecretsServiceWriteSecretsOwnedByTheSession() {
    List<String> calls = new ArrayList<>();
    SecretDelivery delivery =
        new SecretDelivery() {
          @Override
          public Path writeFiles(String userId, String sessionName, Map<String, String> files) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void removeFiles(String sessionName) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void createKubernetesSecret(
              String userId,
              String secretName,
              String namespace,
              Map<String, String> keys,
              OwnerReference owner) {
            calls.add(
                userId
                    + " "
                    + secretName
                    + " "
                    + namespace
                    + " "
                    + keys
                    + " "
                    + owner.kind()
                    + "/"
                    + owner.name()
                    + "/"
                    + owner.uid());
          }
        };
    var runtime =
        new KubernetesRuntime(
            SERVER.createClient(),
            new CacheStore(new org.springframework.jdbc.datasource.DriverManagerDataSource()),
            Launches.SETTINGS,
            delivery);
    String name = "delivered-session";
    runtime.start(Launches.withMounts(name));

    GenericKubernetesResource created =
        K8S.genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(
                    io.renku.session.crd.AmaltheaSession.class))
            .inNamespace(Launches.SETTINGS.namespace())
            .withName(name)
            .get();
    String uid = created.getMetadata().getUid();
    assertThat(uid).isNotBlank();
    String ns = Launches.SETTINGS.namespace();
    assertThat(calls)
        .containsExactly(
            "user-1234 delivered-session-secrets "
                + ns
                + " {api_key=01JSECRETAPIKEY, config.json=01JSECRETCONFIG} AmaltheaSession/"
                + name
                + "/"
                + uid,
            "user-1234 delivered-session-ds-results-bucket-secrets "
                + ns
                + " {access_key_id=01JSECRETKEYID, secret_access_key=01JSECRETKEY} AmaltheaSession/"
                + name
                + "/"
                + uid,
            "user-1234 delivered-session-ds-reference-data-secrets "
                + ns
                + " {pass=01JSECRETDAVPASS} AmaltheaSession/"
                + name
                + "/"
                + uid);

    Secret ds = K8S.secrets().inNamespace(ns).withName(name + "-ds-reference-data").get();
    assertThat(ds).as("the connector's configuration, adopted by the session").isNotNull();
    Map<String, String> data = new LinkedHashMap<>();
    (ds.getData() == null ? Map.<String, String>of() : ds.getData())
        .forEach(
            (k, v) ->
                data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    if (ds.getStringData() != null) {
      data.putAll(ds.getStringData());
    }
    assertThat(data)
        .containsEntry("remote", "reference-data")
        .containsEntry("remotePath", "reference")
        .containsEntry(
            "configData",
            "[reference-data]\ntype = webdav\nurl = https://dav.example.org/remote.php/webdav\n"
                + "user = ada\n\n");
    runtime.delete(name);
  }
}

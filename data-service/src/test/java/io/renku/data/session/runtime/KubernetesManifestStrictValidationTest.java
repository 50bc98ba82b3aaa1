package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.renku.k8s.cache.CacheStore;
import io.renku.session.crd.CrdSchemaCheck;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AmaltheaSession {@link KubernetesRuntime} writes, as the API server stores it (fabric8's
 * mock API server in CRUD mode), is accepted by our CRD's schema ({@code
 * deploy/crds/amaltheasessions.amalthea.dev.yaml}) under strict validation: after the create, after
 * a pause (the {@code spec.hibernated} patch) and after a resume (the resume patch, which also
 * rewrites culling, resources and scheduling).
 */
class KubernetesManifestStrictValidationTest {
  private static final KubernetesMockServer SERVER = startServer();
  private static final NamespacedKubernetesClient K8S = SERVER.createClient();
  private static final CrdSchemaCheck CRD = CrdSchemaCheck.generated();

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

  static Stream<Arguments> launches() {
    return Stream.of(
        launch("default environment", Launches::defaultEnvironment),
        launch("custom image with command and arguments", Launches::customImage),
        launch("code repositories", Launches::withRepositories),
        launch("class with GPU, tolerations, affinity, priority class", Launches::gpuClass),
        launch("anonymous visitor", Launches::anonymous),
        launch("secret files and data connectors", Launches::withMounts),
        launch(
            "no launch context (a session started again after the operator deleted it)",
            name -> {
              SessionSpec s = Launches.defaultEnvironment(name);
              return s.withContext(null);
            }));
  }

  private static Arguments launch(String what, Function<String, SessionSpec> spec) {
    return Arguments.of(what, spec);
  }

  private static Map<String, Object> stored(String name) {
    GenericKubernetesResource r =
        K8S.genericKubernetesResources(
                io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.fromResourceType(
                    io.renku.session.crd.AmaltheaSession.class))
            .inNamespace(Launches.SETTINGS.namespace())
            .withName(name)
            .get();
    assertThat(r).as("the session object of " + name).isNotNull();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", r.getApiVersion());
    m.put("kind", r.getKind());
    m.put("metadata", r.getMetadata());
    m.putAll(r.getAdditionalProperties());
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("launches")
  void everyManifestTheRuntimeWritesIsAcceptedByTheCrd(
      String what, Function<String, SessionSpec> launch) {
    String name = "strict-" + Integer.toHexString(what.hashCode());
    var runtime =
        new KubernetesRuntime(
            SERVER.createClient(),
            new CacheStore(new org.springframework.jdbc.datasource.DriverManagerDataSource()),
            Launches.SETTINGS);
    SessionSpec spec = launch.apply(name);

    runtime.start(spec);
    assertThat(CRD.problems(stored(name))).as("created: " + what).isEmpty();
    assertThat(CRD.problems(AmaltheaSessionManifest.of(spec, Launches.SETTINGS, "c").session()))
        .as("as written")
        .isEmpty();

    runtime.hibernate(name);
    assertThat(CRD.problems(stored(name))).as("paused: " + what).isEmpty();

    runtime.start(spec); // resumes
    Map<String, Object> resumed = stored(name);
    assertThat(CRD.problems(resumed)).as("resumed: " + what).isEmpty();
    assertThat(((Map<?, ?>) resumed.get("spec")).get("hibernated")).isEqualTo(false);

    runtime.delete(name);
  }
}

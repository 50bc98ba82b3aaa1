package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.Authentication;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.CodeRepository;
import io.renku.session.crd.CodeRepositoryType;
import io.renku.session.crd.DataSource;
import io.renku.session.crd.Ingress;
import io.renku.session.crd.SessionLocation;
import io.renku.session.crd.SessionSecretRef;
import io.renku.session.crd.SessionType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DesiredChildrenTest {

  private static final OperatorSettings SETTINGS = OperatorSettings.defaults("test");

  private static DesiredChildren.Children children(AmaltheaSession s) {
    return DesiredChildren.of(s, SETTINGS, "RUN-1");
  }

  @Test
  void statefulSetRunsTheSessionContainerAsSpecified() {
    var s = Sessions.session("s1", Sessions.spec("s1").build());
    var sts = children(s).statefulSet();

    assertThat(sts.getMetadata().getName()).isEqualTo("s1");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "AmaltheaSession")
        .containsEntry("app.kubernetes.io/instance", "s1");
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getEnableServiceLinks()).isFalse();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(100L);

    Container c = pod.getContainers().getFirst();
    assertThat(c.getName()).isEqualTo("amalthea-session");
    assertThat(c.getImage()).isEqualTo(Pods.IMAGE);
    assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    assertThat(c.getCommand()).containsExactly("sh", "-c");
    assertThat(c.getArgs()).containsExactly("jupyter server --ServerApp.base_url=/sessions/s1");
    assertThat(c.getEnv()).containsExactly(new EnvVar("RENKU_SESSION", "1", null));
    assertThat(c.getWorkingDir()).isEqualTo("/home/jovyan/work");
    // No ports on the session container, as in the original: they are informational only.
    assertThat(c.getPorts()).isEmpty();
    assertThat(c.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(c.getSecurityContext().getRunAsGroup()).isEqualTo(100L);
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"));
    assertThat(c.getVolumeMounts())
        .anyMatch(
            m ->
                m.getName().equals("amalthea-volume")
                    && m.getMountPath().equals("/home/jovyan/work"));
    assertThat(c.getReadinessProbe().getTcpSocket().getPort()).isEqualTo(new IntOrString(8888));
    assertThat(pod.getVolumes())
        .anyMatch(
            v ->
                v.getName().equals("amalthea-volume")
                    && v.getPersistentVolumeClaim().getClaimName().equals("s1"));
  }

  @Test
  void hibernatedMeansZeroReplicasAndNoIngress() {
    var s = Sessions.session("s1", Sessions.spec("s1").hibernated(true).build());
    var c = children(s);
    assertThat(c.statefulSet().getSpec().getReplicas()).isZero();
    assertThat(c.ingress()).isEmpty();
    assertThat(c.pvc()).isNotNull();
    assertThat(c.service()).isNotNull();
  }

  @Test
  void everyChildIsOwnedByTheSessionAndLabelled() {
    var s = Sessions.session("s1", Sessions.spec("s1").build());
    var c = children(s);
    List<HasMetadata> all =
        Stream.of(c.statefulSet(), c.pvc(), c.service(), c.ingress().orElseThrow(), c.secret())
            .map(HasMetadata.class::cast)
            .toList();
    for (HasMetadata child : all) {
      assertThat(child.getMetadata().getNamespace()).isEqualTo("test");
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              ref -> {
                assertThat(ref.getApiVersion()).isEqualTo("amalthea.dev/v1alpha1");
                assertThat(ref.getKind()).isEqualTo("AmaltheaSession");
                assertThat(ref.getName()).isEqualTo("s1");
                assertThat(ref.getUid()).isEqualTo("uid-s1");
                assertThat(ref.getController()).isTrue();
              });
      assertThat(child.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/name", "AmaltheaSession")
          .containsEntry("app.kubernetes.io/instance", "s1")
          .containsEntry("app.kubernetes.io/part-of", "amaltheasession-operator")
          .containsEntry("app.kubernetes.io/created-by", "controller-manager");
      assertThat(child.getMetadata().getAnnotations())
          .containsKey(DesiredChildren.SPEC_HASH_ANNOTATION);
    }
  }

  @Test
  void pvcHasTheRequestedStorage() {
    var pvc = children(Sessions.session("s1", Sessions.spec("s1").build())).pvc();
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(pvc.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("2G"));

    var defaults =
        children(
                Sessions.session(
                    "s2",
                    io.renku.session.crd.AmaltheaSessionSpec.builder(
                            io.renku.session.crd.Session.of("img"))
                        .build()))
            .pvc();
    assertThat(defaults.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("1Gi"));
    assertThat(defaults.getSpec().getStorageClassName()).isNull();
  }

  @Test
  void urlFollowsTheIngress() {
    var spec = Sessions.spec("s1").build();
    assertThat(DesiredChildren.url(spec, SETTINGS))
        .isEqualTo("https://renku.example.org/sessions/s1/");
    var plain = spec.toBuilder().ingress(Ingress.of("h.example", "/")).build();
    assertThat(
            DesiredChildren.url(
                plain.toBuilder()
                    .session(plain.session().toBuilder().urlPath(null).build())
                    .build(),
                SETTINGS))
        .isEqualTo("http://h.example/");
    assertThat(
            DesiredChildren.url(
                plain, OperatorSettings.fromEnv(Map.of("HTTPS_SESSION_INGRESS", "true"))))
        .startsWith("https://");
    assertThat(DesiredChildren.url(spec.toBuilder().ingress(null).build(), SETTINGS))
        .isEqualTo("None");
  }

  @Test
  void sameSpecSameHashDifferentSpecDifferentHash() {
    var a = children(Sessions.session("s1", Sessions.spec("s1").build()));
    var b = children(Sessions.session("s1", Sessions.spec("s1").build()));
    String hash =
        a.statefulSet().getMetadata().getAnnotations().get(DesiredChildren.SPEC_HASH_ANNOTATION);
    assertThat(b.statefulSet().getMetadata().getAnnotations())
        .containsEntry(DesiredChildren.SPEC_HASH_ANNOTATION, hash);
    var changed =
        children(
            Sessions.session(
                "s1",
                Sessions.spec("s1")
                    .session(Sessions.container().toBuilder().image("other:1").build())
                    .build()));
    assertThat(
            changed
                .statefulSet()
                .getMetadata()
                .getAnnotations()
                .get(DesiredChildren.SPEC_HASH_ANNOTATION))
        .isNotEqualTo(hash);
  }

  @Test
  void unsupportedSpecsAreNamed() {
    assertThat(DesiredChildren.unsupported(Sessions.spec("s1").build(), SETTINGS)).isEmpty();
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1").location(SessionLocation.REMOTE).build(), SETTINGS))
        .isEmpty();
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1").sessionType(SessionType.NON_INTERACTIVE).build(), SETTINGS))
        .get()
        .asString()
        .contains("non-interactive");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1")
                    .authentication(
                        Authentication.of(AuthenticationType.OIDC, SessionSecretRef.of("x", null)))
                    .build(),
                SETTINGS))
        .get()
        .asString()
        .contains("oidc");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1")
                    .authentication(
                        Authentication.of(AuthenticationType.TOKEN, SessionSecretRef.of("x", null)))
                    .build(),
                SETTINGS))
        .contains(
            "the authentication secret key has to be defined when using token authentication");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1").build(),
                OperatorSettings.fromEnv(Map.of("USE_NONE_SAME_SITE_SESSION_COOKIE", "true"))))
        .contains("cannot set the same site cookie parameter for anonymous sessions");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1")
                    .dataSources(List.of(new DataSource(null, "/data", null, null)))
                    .build(),
                SETTINGS))
        .contains("spec.dataSources[0].secretRef is missing");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1").ingress(Ingress.of("h", "/elsewhere")).build(), SETTINGS))
        .get()
        .asString()
        .contains("urlPath");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1")
                    .session(Sessions.container().toBuilder().port(65531).build())
                    .build(),
                SETTINGS))
        .isPresent();
  }

  @Test
  void sidecarsAreThisProjectsJavaImageByDefaultAndTheOriginalsOnRequest() {
    var spec = Sessions.spec("s1").codeRepositories(List.of(repo())).build();
    var pod =
        children(Sessions.session("s1", spec)).statefulSet().getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(1).getImage())
        .isEqualTo("renku/java-sidecars:0.1.0-SNAPSHOT");
    assertThat(pod.getInitContainers().getFirst().getImage())
        .isEqualTo("renku/java-sidecars:0.1.0-SNAPSHOT");

    var original = OperatorSettings.fromEnv(Map.of("SIDECARS_IMAGE", "renku/sidecars:0.70.0"));
    var originalPod =
        DesiredChildren.of(Sessions.session("s1", spec), original, "RUN-1")
            .statefulSet()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(originalPod.getContainers().get(1).getImage()).isEqualTo("renku/sidecars:0.70.0");
    // The same arguments for either image: the image's entrypoint stays, no command is set.
    assertThat(originalPod.getContainers().get(1).getCommand()).isEmpty();
    assertThat(originalPod.getContainers().get(1).getArgs())
        .isEqualTo(pod.getContainers().get(1).getArgs());
    // A JVM cannot start in the Go proxy's 16Mi: ours gets more, the Go image keeps Go's values.
    assertThat(pod.getContainers().get(1).getResources().getLimits().get("memory"))
        .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("128Mi"));
    assertThat(originalPod.getContainers().get(1).getResources().getLimits().get("memory"))
        .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("16Mi"));
    assertThat(OperatorSettings.isGoSidecars("harbor.example/renku/sidecars@sha256:abc")).isTrue();
    assertThat(OperatorSettings.isGoSidecars("localhost:5000/renku/sidecars")).isTrue();
    assertThat(OperatorSettings.isGoSidecars("renku/java-sidecars:0.1.0")).isFalse();
    assertThat(OperatorSettings.isGoSidecars("sidecars-fork/proxy:sidecars")).isFalse();
  }

  @Test
  void onlyRemoteSessionsNeedATunnelSecretAndItIsNotInTheDesiredSecret() {
    var local = children(Sessions.session("s1", Sessions.spec("s1").build()));
    assertThat(local.tunnelSecret()).isFalse();
    var remote =
        children(
            Sessions.session("s1", Sessions.spec("s1").location(SessionLocation.REMOTE).build()));
    assertThat(remote.tunnelSecret()).isTrue();
    assertThat(remote.secret().getData()).isEmpty();
  }

  private static CodeRepository repo() {
    return new CodeRepository(
        CodeRepositoryType.GIT, null, "https://gitlab.example.org/g/p.git", null, null, null);
  }
}

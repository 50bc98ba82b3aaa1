package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.Authentication;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.CodeRepository;
import io.renku.session.crd.CodeRepositoryType;
import io.renku.session.crd.Ingress;
import io.renku.session.crd.SessionLocation;
import io.renku.session.crd.SessionSecretKeyRef;
import io.renku.session.crd.SessionSecretRef;
import io.renku.session.crd.SessionType;
import io.renku.session.crd.Template;
import io.renku.session.crd.TemplateMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DesiredChildrenTest {

  private static final OperatorSettings SETTINGS = OperatorSettings.defaults("test");

  private static DesiredChildren.Children children(AmaltheaSession s) {
    return DesiredChildren.of(s, SETTINGS);
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
    assertThat(c.getPorts().getFirst().getContainerPort()).isEqualTo(8888);
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
        Stream.of(
                c.statefulSet(),
                c.pvc(),
                c.service(),
                c.ingress().orElseThrow(),
                c.secret().orElseThrow())
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
  void tokenAuthPutsTheAuthproxyInFrontAndMakesItsSecret() {
    var c = children(Sessions.session("s1", Sessions.spec("s1").build()));
    var pod = c.statefulSet().getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("amalthea-session", "authproxy");
    Container proxy = pod.getContainers().get(1);
    assertThat(proxy.getArgs()).containsExactly("serve", "--config", "/etc/authproxy/auth");
    assertThat(proxy.getEnvFrom().getFirst().getSecretRef().getName()).isEqualTo("s1---internal");
    assertThat(pod.getVolumes())
        .anyMatch(
            v -> v.getName().equals("amalthea-auth") && v.getSecret().getSecretName().equals("s1"));

    var secret = c.secret().orElseThrow();
    assertThat(secret.getMetadata().getName()).isEqualTo("s1---internal");
    assertThat(decode(secret.getData().get("AUTHPROXY_REMOTE"))).isEqualTo("http://127.0.0.1:8888");
    assertThat(decode(secret.getData().get("AUTHPROXY_PORT"))).isEqualTo("65535");

    var svc = c.service();
    assertThat(svc.getSpec().getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("amalthea-http");
              assertThat(p.getPort()).isEqualTo(80);
              assertThat(p.getTargetPort()).isEqualTo(new IntOrString(65535));
            })
        .anySatisfy(p -> assertThat(p.getName()).isEqualTo("amalthea-http-meta"));
  }

  @Test
  void oauth2proxyAuthHasTwoProxiesAndNoSecret() {
    var spec =
        Sessions.spec("s1")
            .authentication(
                Authentication.of(
                    AuthenticationType.OAUTH2PROXY, SessionSecretRef.of("s1", "auth")))
            .build();
    var c = children(Sessions.session("s1", spec));
    var containers = c.statefulSet().getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers)
        .extracting(Container::getName)
        .containsExactly("amalthea-session", "oauth2-proxy", "authproxy");
    assertThat(containers.get(1).getArgs())
        .contains(
            "--upstream=http://127.0.0.1:65533",
            "--http-address=:65535",
            "--config=/etc/oauth2-proxy/auth",
            "--cookie-samesite=strict");
    assertThat(containers.get(2).getEnv())
        .contains(new EnvVar("AUTHPROXY_REMOTE", "http://127.0.0.1:8888", null));
    assertThat(c.secret()).isEmpty();
  }

  @Test
  void withoutAuthTheServiceGoesStraightToTheSession() {
    var c = children(Sessions.session("s1", Sessions.spec("s1").authentication(null).build()));
    assertThat(c.service().getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort()).isEqualTo(new IntOrString(8888)));
    assertThat(c.statefulSet().getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(c.secret()).isEmpty();
  }

  @Test
  void ingressRoutesThePathPrefixToTheService() {
    var ingress =
        children(Sessions.session("s1", Sessions.spec("s1").build())).ingress().orElseThrow();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0");
    var rule = ingress.getSpec().getRules().getFirst();
    assertThat(rule.getHost()).isEqualTo("renku.example.org");
    var path = rule.getHttp().getPaths().getFirst();
    assertThat(path.getPath()).isEqualTo("/sessions/s1/");
    assertThat(path.getPathType()).isEqualTo("Prefix");
    assertThat(path.getBackend().getService().getName()).isEqualTo("s1");
    assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("amalthea-http");
    assertThat(ingress.getSpec().getTls().getFirst().getSecretName()).isEqualTo("renku-tls");
    assertThat(ingress.getSpec().getTls().getFirst().getHosts())
        .containsExactly("renku.example.org");
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
                plain,
                new OperatorSettings(null, false, true, "x", "y", false, null, 1, null, null)))
        .startsWith("https://");
    assertThat(DesiredChildren.url(spec.toBuilder().ingress(null).build(), SETTINGS))
        .isEqualTo("None");
  }

  @Test
  void templateMetadataGoesToAllChildrenButOwnLabelsWin() {
    var spec =
        Sessions.spec("s1")
            .template(
                new Template(
                    new TemplateMetadata(
                        Map.of(
                            "renku.io/project",
                            "p1",
                            "nginx.ingress.kubernetes.io/proxy-body-size",
                            "1m"),
                        Map.of(
                            "renku.io/safe-username",
                            "u1",
                            "app.kubernetes.io/instance",
                            "other"))))
            .build();
    var c = children(Sessions.session("s1", spec));
    assertThat(c.pvc().getMetadata().getLabels())
        .containsEntry("renku.io/safe-username", "u1")
        .containsEntry("app.kubernetes.io/instance", "s1");
    assertThat(c.statefulSet().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("renku.io/project", "p1");
    // Ingress annotations override template annotations.
    assertThat(c.ingress().orElseThrow().getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0")
        .containsEntry("renku.io/project", "p1");
  }

  @Test
  void codeRepositoriesBecomeCloneInitContainersBeforeTheUsersOwn() {
    var spec =
        Sessions.spec("s1")
            .codeRepositories(
                List.of(
                    new CodeRepository(
                        CodeRepositoryType.GIT,
                        "project",
                        "https://gitlab.example.org/g/p.git",
                        "main",
                        new SessionSecretKeyRef("git-creds", "config", false),
                        null)))
            .initContainers(
                List.of(
                    new ContainerBuilder()
                        .withName("init-certificates")
                        .withImage("alpine")
                        .build()))
            .extraContainers(
                List.of(
                    new ContainerBuilder()
                        .withName("git-proxy")
                        .withImage("renku/sidecars")
                        .build()))
            .build();
    var pod =
        children(Sessions.session("s1", spec)).statefulSet().getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("git-clone-0", "init-certificates");
    assertThat(pod.getInitContainers().getFirst().getArgs())
        .containsSubsequence("--remote", "https://gitlab.example.org/g/p.git")
        .containsSubsequence("--path", "/home/jovyan/work/project")
        .containsSubsequence("--config", "/git-clone-secrets/config")
        .containsSubsequence("--revision", "main");
    assertThat(pod.getContainers()).extracting(Container::getName).endsWith("git-proxy");
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
    assertThat(DesiredChildren.unsupported(Sessions.spec("s1").build())).isEmpty();
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1").location(SessionLocation.REMOTE).build()))
        .get()
        .asString()
        .contains("remote");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1").sessionType(SessionType.NON_INTERACTIVE).build()))
        .get()
        .asString()
        .contains("non-interactive");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1")
                    .authentication(
                        Authentication.of(AuthenticationType.OIDC, SessionSecretRef.of("x", null)))
                    .build()))
        .get()
        .asString()
        .contains("oidc");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1").ingress(Ingress.of("h", "/elsewhere")).build()))
        .get()
        .asString()
        .contains("urlPath");
    assertThat(
            DesiredChildren.unsupported(
                Sessions.spec("s1")
                    .session(Sessions.container().toBuilder().port(65531).build())
                    .build()))
        .isPresent();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}

package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.Authentication;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.Ingress;
import io.renku.session.crd.Session;
import io.renku.session.crd.SessionSecretRef;
import io.renku.session.crd.Storage;
import java.util.List;
import java.util.Map;

/** Sessions shaped like the ones Renku's data service creates. */
final class Sessions {

  private Sessions() {}

  static Session container() {
    return Session.builder()
        .image(Pods.IMAGE)
        .port(8888)
        .command(List.of("sh", "-c"))
        .args(List.of("jupyter server --ServerApp.base_url=/sessions/s1"))
        .env(List.of(new EnvVar("RENKU_SESSION", "1", null)))
        .resources(
            new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
                .withLimits(
                    Map.of("memory", new Quantity("2Gi"), "nvidia.com/gpu", new Quantity("1")))
                .build())
        .workingDir("/home/jovyan/work")
        .runAsUser(1000L)
        .runAsGroup(100L)
        .urlPath("/sessions/s1")
        .storage(new Storage("standard", new Quantity("2G"), "/home/jovyan/work"))
        .build();
  }

  static AmaltheaSessionSpec.Builder spec(String name) {
    return AmaltheaSessionSpec.builder(container().toBuilder().urlPath("/sessions/" + name).build())
        .ingress(
            new Ingress(
                Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "0"),
                "nginx",
                "renku.example.org",
                SessionSecretRef.of("renku-tls", null),
                "/sessions/" + name,
                null,
                null))
        .authentication(
            Authentication.of(AuthenticationType.TOKEN, new SessionSecretRef(name, "auth", true)));
  }

  static AmaltheaSession session(String name, AmaltheaSessionSpec spec) {
    AmaltheaSession s = new AmaltheaSession();
    s.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("test")
            .withUid("uid-" + name)
            .withCreationTimestamp("2025-03-01T08:00:00Z")
            .build());
    s.setSpec(spec);
    return s;
  }
}

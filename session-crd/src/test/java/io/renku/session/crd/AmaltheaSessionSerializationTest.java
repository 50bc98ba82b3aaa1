package io.renku.session.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON shape must be the original's: same names, enum values, and no nulls written. */
class AmaltheaSessionSerializationTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /** Shape of what Renku's data service creates (reference §3.9), with the original's names. */
  private static final String DATA_SERVICE_YAML =
      """
      apiVersion: amalthea.dev/v1alpha1
      kind: AmaltheaSession
      metadata:
        name: user-abc-1234
        namespace: renku
        labels:
          renku.io/safe-username: user-abc
      spec:
        reconcileStrategy: whenFailedOrHibernated
        priorityClassName: small
        hibernated: false
        session:
          image: renku/renkulab-py:latest
          imagePullPolicy: Always
          port: 8888
          urlPath: /sessions/user-abc-1234
          stripURLPath: false
          runAsUser: 1000
          runAsGroup: 100
          workingDir: /home/jovyan/work
          shmSize: 1G
          storage:
            size: 2G
            mountPath: /home/jovyan/work
          env:
            - name: RENKU_SESSION
              value: "1"
          resources:
            requests: {cpu: 500m, memory: 1Gi}
            limits: {memory: 2Gi, nvidia.com/gpu: "1"}
          readinessProbe:
            type: tcp
        ingress:
          host: renku.example.org
          ingressClassName: nginx
          pathPrefix: /sessions/user-abc-1234
          useDefaultClusterTLSCert: false
          tlsSecret: {name: renku-ch-tls, adopt: false}
          annotations: {nginx.ingress.kubernetes.io/proxy-body-size: "0"}
        authentication:
          enabled: true
          type: oauth2proxy
          secretRef: {name: user-abc-1234, key: auth, adopt: true}
        culling:
          maxIdleDuration: 24h0m0s
          maxHibernatedDuration: 72h0m0s
          maxAge: 0s
          lastInteraction: "2025-01-02T03:04:05Z"
        codeRepositories:
          - type: git
            remote: https://gitlab.example.org/group/project.git
            clonePath: project
            revision: main
            cloningConfigSecretRef: {name: git-secret, key: config, adopt: false}
        dataSources:
          - type: rclone
            mountPath: data/s3
            accessMode: ReadOnlyMany
            secretRef: {name: ds-secret, key: configData, adopt: true}
        imagePullSecrets:
          - {name: registry-creds, adopt: true}
        sessionType: Interactive
        location: local
      status:
        state: Running
        url: https://renku.example.org/sessions/user-abc-1234/
        containerCounts: {ready: 3, total: 3}
        initContainerCounts: {ready: 2, total: 2}
        idle: true
        idleSince: "2025-01-02T04:00:00Z"
        runID: 01JGZ8H6R1W9B3X4Y5Z6A7B8C9
        conditions:
          - {type: Ready, status: "True", reason: SessionCreated}
      """;

  @Test
  void readsWhatTheDataServiceWrites() {
    AmaltheaSession session = serialization.unmarshal(DATA_SERVICE_YAML, AmaltheaSession.class);

    AmaltheaSessionSpec spec = session.getSpec();
    assertThat(spec.reconcileStrategy()).isEqualTo(ReconcileStrategy.WHEN_FAILED_OR_HIBERNATED);
    assertThat(spec.location()).isEqualTo(SessionLocation.LOCAL);
    assertThat(spec.sessionType()).isEqualTo(SessionType.INTERACTIVE);
    assertThat(spec.session().port()).isEqualTo(8888);
    assertThat(spec.session().runAsGroup()).isEqualTo(100L);
    assertThat(spec.session().stripURLPath()).isFalse();
    assertThat(spec.session().storage().size()).isEqualTo(new Quantity("2G"));
    assertThat(spec.session().resources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(spec.session().env()).containsExactly(new EnvVar("RENKU_SESSION", "1", null));
    assertThat(spec.session().readinessProbe().type()).isEqualTo(ReadinessProbeType.TCP);
    assertThat(spec.ingress().tlsSecret().name()).isEqualTo("renku-ch-tls");
    assertThat(spec.ingress().isHttps()).isTrue();
    assertThat(spec.authentication().type()).isEqualTo(AuthenticationType.OAUTH2PROXY);
    assertThat(spec.authentication().secretRef().adopt()).isTrue();
    assertThat(spec.culling().maxIdleDuration()).isEqualTo("24h0m0s");
    assertThat(spec.codeRepositories().getFirst().cloningConfigSecretRef().key())
        .isEqualTo("config");
    assertThat(spec.dataSources().getFirst().type()).isEqualTo(DataSourceType.RCLONE);
    assertThat(spec.imagePullSecrets())
        .containsExactly(new SessionSecretRef("registry-creds", null, true));

    AmaltheaSessionStatus status = session.getStatus();
    assertThat(status.state()).isEqualTo(SessionState.RUNNING);
    assertThat(status.containerCounts()).isEqualTo(new ContainerCounts(3, 3));
    assertThat(status.idle()).isTrue();
    assertThat(status.runID()).isEqualTo("01JGZ8H6R1W9B3X4Y5Z6A7B8C9");
    assertThat(status.conditions().getFirst().type()).isEqualTo(AmaltheaSessionCondition.READY);
  }

  @Test
  void writesTheOriginalNamesAndNoNulls() {
    AmaltheaSession session = new AmaltheaSession();
    session.setMetadata(new ObjectMetaBuilder().withName("s1").withNamespace("ns").build());
    session.setSpec(
        AmaltheaSessionSpec.builder(
                Session.builder().image("python:3.12").stripURLPath(true).build())
            .ingress(new Ingress(null, null, "h.example", null, "/s1", true, null))
            .authentication(
                Authentication.of(AuthenticationType.TOKEN, SessionSecretRef.of("s1", "auth")))
            .sessionType(SessionType.NON_INTERACTIVE)
            .build());
    session.setStatus(
        new AmaltheaSessionStatus(
            null,
            SessionState.NOT_READY,
            "None",
            ContainerCounts.ZERO,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            "run-1",
            null));

    String json = serialization.asJson(session);
    Map<String, Object> tree = serialization.unmarshal(json, Map.class);

    assertThat(json)
        .contains("\"apiVersion\":\"amalthea.dev/v1alpha1\"")
        .contains("\"kind\":\"AmaltheaSession\"")
        .contains("\"stripURLPath\":true")
        .contains("\"useDefaultClusterTLSCert\":true")
        .contains("\"type\":\"token\"")
        .contains("\"sessionType\":\"NonInteractive\"")
        .contains("\"hibernated\":false")
        .contains("\"state\":\"NotReady\"")
        .contains("\"runID\":\"run-1\"")
        .doesNotContain("null")
        .doesNotContain("OrDefault")
        .doesNotContain("\"interactive\"")
        .doesNotContain("\"https\"");
    assertThat(tree).containsKeys("spec", "status");
    AmaltheaSession back = serialization.unmarshal(json, AmaltheaSession.class);
    assertThat(back.getSpec()).isEqualTo(session.getSpec());
    assertThat(back.getStatus()).isEqualTo(session.getStatus());
  }

  @Test
  void toleratesFieldsItDoesNotKnow() {
    String yaml =
        """
        apiVersion: amalthea.dev/v1alpha1
        kind: AmaltheaSession
        metadata: {name: s1}
        spec:
          futureField: {a: 1}
          session: {image: img, futureSessionField: true}
        status: {state: NotReady, futureStatusField: x}
        """;
    AmaltheaSession session = serialization.unmarshal(yaml, AmaltheaSession.class);
    assertThat(session.getSpec().session().image()).isEqualTo("img");
    assertThat(session.getStatus().state()).isEqualTo(SessionState.NOT_READY);
  }

  @Test
  void defaultsApplyWhenFieldsAreAbsent() {
    Session session = Session.of("img");
    assertThat(session.portOrDefault()).isEqualTo(8000);
    assertThat(session.runAsUserOrDefault()).isEqualTo(1000L);
    assertThat(session.runAsGroupOrDefault()).isEqualTo(1000L);
    assertThat(session.urlPathOrDefault()).isEqualTo("/");
    assertThat(new Storage(null, null, null).mountPathOrDefault()).isEqualTo("/workspace");
    assertThat(new Storage(null, null, null).sizeOrDefault()).isEqualTo(new Quantity("1Gi"));
    assertThat(AmaltheaSessionSpec.builder(session).build().isInteractive()).isTrue();
    assertThat(AmaltheaSessionStatus.EMPTY.stateOrDefault()).isEqualTo(SessionState.NOT_READY);
    assertThat(SessionState.RUNNING_DEGRADED.wireName()).isEqualTo("RunningDegraded");
    assertThat(
            AmaltheaSessionSpec.builder(session).hibernated(true).build().toBuilder()
                .build()
                .hibernated())
        .isTrue();
    assertThat(List.of(SessionState.values())).hasSize(6);
  }
}

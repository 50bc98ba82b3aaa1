package io.renku.k8s.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ManifestsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Manifests manifests = new Manifests("c1");

  @Test
  void takesOwnerProjectAndLauncherFromLabelsAndAnnotations() throws Exception {
    JsonNode session =
        JSON.readTree(
            """
            {"apiVersion": "amalthea.dev/v1alpha1", "kind": "AmaltheaSession",
             "metadata": {"name": "s1", "namespace": "renku", "uid": "u-1", "resourceVersion": "42",
                          "labels": {"renku.io/safe-username": "user-1"},
                          "annotations": {"renku.io/project_id": "P1", "renku.io/launcher_id": "L1",
                                          "other": "x"},
                          "managedFields": [{"manager": "kubectl", "operation": "Update"}]},
             "spec": {"session": {"image": "jupyter"}}}
            """);
    String before = session.toString();

    CachedObject row = manifests.toCached(ResourceKind.AMALTHEA_SESSION, session);

    assertThat(row)
        .usingRecursiveComparison()
        .ignoringFields("manifest")
        .isEqualTo(
            new CachedObject(
                "c1",
                "amalthea.dev",
                "v1alpha1",
                "AmaltheaSession",
                "renku",
                "s1",
                "u-1",
                "42",
                "user-1",
                "P1",
                "L1",
                ""));
    assertThat(row.manifest())
        .contains("\"image\":\"jupyter\"")
        .contains("\"other\":\"x\"")
        .doesNotContain("managedFields")
        .doesNotContain("kubectl");
    // the watcher's tree comes from the informer's object: it must not be changed
    assertThat(session.toString()).isEqualTo(before);
  }

  /** A BuildRun as the data service writes it and Shipwright completes it. */
  @Test
  void ownsBuildRunsByTheirSafeUsernameLabel() throws Exception {
    JsonNode buildRun =
        JSON.readTree(
            """
            {"apiVersion": "shipwright.io/v1beta1", "kind": "BuildRun",
             "metadata": {
               "name": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2", "namespace": "renku",
               "uid": "9a1c2b3d-0000-4000-8000-000000000001", "resourceVersion": "183742",
               "generation": 1, "creationTimestamp": "2026-01-10T09:12:00Z",
               "labels": {"renku.io/safe-username": "f2b5a7c0-user",
                          "build.shipwright.io/name": ""},
               "annotations": {"renku.io/build_id": "01JXK3V5Q8Y2M4N6P7R9S0T1U2",
                               "renku.io/environment_id": "01JXK3ENV",
                               "renku.io/launcher_id": "01JXK3LAUNCHER",
                               "renku.io/project_id": "01JXK3PROJECT"}},
             "spec": {
               "build": {"spec": {
                 "source": {"type": "Git",
                            "git": {"url": "https://gitlab.example.org/alice/flights.git",
                                    "revision": "main"},
                            "contextDir": "."},
                 "strategy": {"kind": "BuildStrategy", "name": "renku-buildpacks-v2"},
                 "paramValues": [{"name": "frontend", "value": "jupyterlab"},
                                 {"name": "run-image", "value": "ghcr.io/swissdatasciencecenter/renku-frontend-buildpacks/base-image:0.1.0"},
                                 {"name": "builder-image", "value": "ghcr.io/swissdatasciencecenter/renku-frontend-buildpacks/selector:0.1.0"}],
                 "output": {"image": "harbor.example.org/renku-builds/renku-build:renku-01jxk3v5q8y2m4n6p7r9s0t1u2",
                            "pushSecret": "renku-build-push"},
                 "timeout": "1h0m0s"}},
               "retention": {"ttlAfterFailed": "5m0s", "ttlAfterSucceeded": "5m0s"},
               "serviceAccount": ".generate"},
             "status": {
               "buildSpec": {"output": {"image": "harbor.example.org/renku-builds/renku-build:renku-01jxk3v5q8y2m4n6p7r9s0t1u2"}},
               "completionTime": "2026-01-10T09:15:31Z",
               "conditions": [{"type": "Succeeded", "status": "True", "reason": "Succeeded",
                               "message": "All Steps have completed executing",
                               "lastTransitionTime": "2026-01-10T09:15:31Z"}],
               "output": {"digest": "sha256:5d1e8c0f"},
               "source": {"git": {"commitSha": "0123456789abcdef0123456789abcdef01234567",
                                  "branchName": "main"}},
               "startTime": "2026-01-10T09:12:01Z",
               "taskRunName": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2-x7k2p"}}
            """);

    CachedObject row = manifests.toCached(ResourceKind.BUILD_RUN, buildRun);

    assertThat(row.key())
        .isEqualTo(
            new ObjectKey(
                "c1", "shipwright.io", "BuildRun", "renku", "renku-01jxk3v5q8y2m4n6p7r9s0t1u2"));
    assertThat(row.version()).isEqualTo("v1beta1");
    assertThat(row.userId()).isEqualTo("f2b5a7c0-user");
    assertThat(row.projectId()).isEqualTo("01JXK3PROJECT");
    assertThat(row.launcherId()).isEqualTo("01JXK3LAUNCHER");
    assertThat(JSON.readTree(row.manifest())).isEqualTo(buildRun);
  }

  /**
   * A TaskRun as Shipwright makes it for a BuildRun: Tekton's labels, none of Renku's, owned by the
   * BuildRun. The original stores every TaskRun under one fixed user.
   */
  @Test
  void ownsEveryTaskRunByTheFixedTaskRunUser() throws Exception {
    JsonNode taskRun =
        JSON.readTree(
            """
            {"apiVersion": "tekton.dev/v1", "kind": "TaskRun",
             "metadata": {
               "name": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2-x7k2p", "namespace": "renku",
               "uid": "9a1c2b3d-0000-4000-8000-000000000002", "resourceVersion": "183790",
               "generateName": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2-",
               "labels": {"app.kubernetes.io/managed-by": "tekton-pipelines",
                          "build.shipwright.io/generation": "1",
                          "buildrun.shipwright.io/name": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2",
                          "buildrun.shipwright.io/generation": "1",
                          "tekton.dev/task": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2",
                          "renku.io/safe-username": "someone-else"},
               "ownerReferences": [{"apiVersion": "shipwright.io/v1beta1", "kind": "BuildRun",
                                    "name": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2",
                                    "uid": "9a1c2b3d-0000-4000-8000-000000000001",
                                    "controller": true, "blockOwnerDeletion": true}]},
             "spec": {"serviceAccountName": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2", "timeout": "1h0m0s",
                      "taskSpec": {"steps": [{"name": "step-build-and-push",
                                              "image": "ghcr.io/swissdatasciencecenter/renku-frontend-buildpacks/selector:0.1.0"}]}},
             "status": {"podName": "renku-01jxk3v5q8y2m4n6p7r9s0t1u2-x7k2p-pod",
                        "startTime": "2026-01-10T09:12:02Z",
                        "conditions": [{"type": "Succeeded", "status": "Unknown",
                                        "reason": "Running"}],
                        "steps": [{"name": "build-and-push", "container": "step-build-and-push",
                                   "running": {"startedAt": "2026-01-10T09:12:20Z"}}]}}
            """);

    CachedObject row = manifests.toCached(ResourceKind.TASK_RUN, taskRun);

    assertThat(row.userId()).isEqualTo(Manifests.TASK_RUN_USER).isEqualTo("DummyTaskRunUser");
    assertThat(row.group()).isEqualTo("tekton.dev");
    assertThat(row.kind()).isEqualTo("TaskRun");
    assertThat(row.projectId()).isNull();
    assertThat(row.launcherId()).isNull();
    assertThat(JSON.readTree(row.manifest()).at("/status/podName").asText())
        .isEqualTo("renku-01jxk3v5q8y2m4n6p7r9s0t1u2-x7k2p-pod");
    // whatever version the watcher is given, a TaskRun is a TaskRun
    assertThat(
            manifests.toCached(ResourceKind.parse("tekton.dev/v1beta1/TaskRun"), taskRun).userId())
        .isEqualTo("DummyTaskRunUser");
  }

  @Test
  void leavesMissingValuesEmpty() throws Exception {
    JsonNode build =
        JSON.readTree(
            """
            {"metadata": {"name": "b1", "namespace": "renku", "resourceVersion": "1",
                          "labels": {"renku.io/safe-username": " "}}}
            """);

    CachedObject row = manifests.toCached(ResourceKind.BUILD_RUN, build);

    assertThat(row.userId()).isNull();
    assertThat(row.projectId()).isNull();
    assertThat(row.launcherId()).isNull();
    assertThat(row.uid()).isNull();
    assertThat(row.kind()).isEqualTo("BuildRun");
  }

  @Test
  void givesClusterScopedObjectsTheEmptyNamespace() throws Exception {
    JsonNode object =
        JSON.readTree("{\"metadata\": {\"name\": \"x\", \"resourceVersion\": \"7\"}}");

    assertThat(manifests.toCached(ResourceKind.AMALTHEA_SESSION, object).namespace()).isEmpty();
  }

  @Test
  void rejectsObjectsWithoutNameOrResourceVersion() throws Exception {
    for (String broken :
        new String[] {
          "{\"metadata\": {\"name\": \"x\"}}",
          "{\"metadata\": {\"resourceVersion\": \"1\"}}",
          "{\"kind\": \"AmaltheaSession\"}",
          "[]"
        }) {
      JsonNode tree = JSON.readTree(broken);
      assertThatThrownBy(() -> manifests.toCached(ResourceKind.AMALTHEA_SESSION, tree))
          .as(broken)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> manifests.toCached(ResourceKind.AMALTHEA_SESSION, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.renku.session.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The schema checker refuses what the API server refuses under strict validation. */
class CrdSchemaCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CrdSchemaCheck CRD = CrdSchemaCheck.generated();

  private static ObjectNode minimal() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
            {"apiVersion": "amalthea.dev/v1alpha1", "kind": "AmaltheaSession",
             "metadata": {"name": "s1"},
             "spec": {"hibernated": false,
                      "session": {"image": "python:3.12", "port": 8888,
                                  "storage": {"size": "1G", "mountPath": "/work"},
                                  "resources": {"requests": {"cpu": "500m", "nvidia.com/gpu": 1}}},
                      "culling": {"maxIdleDuration": "1h"},
                      "reconcileStrategy": "whenFailedOrHibernated"}}
            """);
  }

  @Test
  void aValidSessionPasses() throws Exception {
    assertThat(CRD.problems(minimal())).isEmpty();
  }

  @Test
  void anUnknownFieldIsRefused() throws Exception {
    ObjectNode s = minimal();
    ((ObjectNode) s.path("spec").path("session")).put("imagePulPolicy", "Always");
    assertThat(CRD.problems(s))
        .anyMatch(v -> v.startsWith("spec.session.imagePulPolicy: unknown field"));
  }

  @Test
  void aWrongTypeIsRefused() throws Exception {
    ObjectNode s = minimal();
    ((ObjectNode) s.path("spec").path("session")).put("port", "8888");
    ((ObjectNode) s.path("spec")).put("hibernated", "false");
    ((ObjectNode) s.path("spec").path("session").path("storage")).put("size", 1.5);
    assertThat(CRD.problems(s))
        .anyMatch(v -> v.startsWith("spec.session.port: must be an integer"))
        .anyMatch(v -> v.startsWith("spec.hibernated: must be a boolean"))
        .anyMatch(v -> v.startsWith("spec.session.storage.size: must be an integer or a string"));
  }

  @Test
  void enumsBoundsRequiredFieldsAndNullsAreChecked() throws Exception {
    ObjectNode s = minimal();
    ObjectNode spec = (ObjectNode) s.path("spec");
    spec.put("reconcileStrategy", "whenHibernatedOrFailed");
    ((ObjectNode) spec.path("session")).put("port", 65530);
    ((ObjectNode) spec.path("session")).remove("image");
    spec.putNull("priorityClassName");
    spec.putObject("ingress").put("pathPrefix", "/sessions/s1");
    assertThat(CRD.problems(s))
        .anyMatch(v -> v.startsWith("spec.reconcileStrategy: \"whenHibernatedOrFailed\" is not"))
        .anyMatch(v -> v.startsWith("spec.session.port: 65530 is above the maximum"))
        .anyMatch(v -> v.equals("spec.session: the required field image is missing"))
        .anyMatch(v -> v.equals("spec.ingress: the required field host is missing"))
        .anyMatch(v -> v.equals("spec.priorityClassName: null is not allowed"));
  }

  @Test
  void fieldsOfEmbeddedKubernetesTypesAreCheckedToo() throws Exception {
    ObjectNode s = minimal();
    ((ObjectNode) s.path("spec"))
        .putArray("tolerations")
        .addObject()
        .put("key", "gpu")
        .put("operator", "Exists")
        .put("tolerationSecond", 5);
    assertThat(CRD.problems(s))
        .containsExactly("spec.tolerations[0].tolerationSecond: unknown field");
  }

  @Test
  void theKindAndVersionMustBeTheCrds() throws Exception {
    ObjectNode s = minimal();
    s.put("apiVersion", "amalthea.dev/v1");
    assertThat(CRD.problems(s)).containsExactly("apiVersion: must be amalthea.dev/v1alpha1");
  }
}

package io.renku.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks that the bundled OpenAPI spec on the classpath is complete. */
class SpecTest {

  static final String SPEC_RESOURCE = "/io/renku/api/data/spec.json";

  static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  static final List<String> EXPECTED_OPERATIONS =
      List.of(
          "GET /version",
          "GET /error",
          "GET /spec.json",
          "GET /user",
          "GET /users",
          "GET /users/{user_id}",
          "DELETE /users/{user_id}",
          "GET /user/preferences",
          "POST /user/preferences/pinned_projects",
          "DELETE /user/preferences/pinned_projects",
          "GET /groups",
          "POST /groups",
          "GET /groups/{group_slug}",
          "PATCH /groups/{group_slug}",
          "DELETE /groups/{group_slug}",
          "GET /groups/{group_slug}/members",
          "PATCH /groups/{group_slug}/members",
          "DELETE /groups/{group_slug}/members/{user_id}",
          "GET /groups/{group_slug}/permissions",
          "GET /namespaces",
          "GET /namespaces/{namespace_slug}",
          "GET /projects",
          "POST /projects",
          "GET /projects/{project_id}",
          "PATCH /projects/{project_id}",
          "DELETE /projects/{project_id}",
          "GET /namespaces/{namespace}/projects/{slug}",
          "GET /projects/{project_id}/members",
          "PATCH /projects/{project_id}/members",
          "DELETE /projects/{project_id}/members/{member_id}",
          "GET /projects/{project_id}/permissions",
          "GET /projects/{project_id}/copies",
          "POST /projects/{project_id}/copies",
          "GET /platform/config",
          "PATCH /platform/config",
          "GET /platform/authorization_config",
          "PATCH /platform/authorization_config",
          "GET /data_connectors",
          "POST /data_connectors",
          "POST /data_connectors/global",
          "GET /data_connectors/global/{slug}",
          "GET /data_connector_links",
          "GET /data_connectors/{data_connector_id}",
          "PATCH /data_connectors/{data_connector_id}",
          "DELETE /data_connectors/{data_connector_id}",
          "GET /namespaces/{namespace}/data_connectors/{slug}",
          "GET /namespaces/{namespace}/projects/{project}/data_connectors/{slug}",
          "GET /data_connectors/{data_connector_id}/permissions",
          "GET /data_connectors/{data_connector_id}/project_links",
          "POST /data_connectors/{data_connector_id}/project_links",
          "DELETE /data_connectors/{data_connector_id}/project_links/{link_id}",
          "GET /data_connectors/{data_connector_id}/secrets",
          "PATCH /data_connectors/{data_connector_id}/secrets",
          "DELETE /data_connectors/{data_connector_id}/secrets",
          "GET /projects/{project_id}/data_connector_links",
          "GET /projects/{project_id}/inaccessible_data_connector_links",
          "GET /resource_pools",
          "POST /resource_pools",
          "GET /resource_pools/{resource_pool_id}",
          "PUT /resource_pools/{resource_pool_id}",
          "PATCH /resource_pools/{resource_pool_id}",
          "DELETE /resource_pools/{resource_pool_id}",
          "GET /resource_pools/{resource_pool_id}/classes",
          "POST /resource_pools/{resource_pool_id}/classes",
          "GET /resource_pools/{resource_pool_id}/classes/{class_id}",
          "PUT /resource_pools/{resource_pool_id}/classes/{class_id}",
          "PATCH /resource_pools/{resource_pool_id}/classes/{class_id}",
          "DELETE /resource_pools/{resource_pool_id}/classes/{class_id}",
          "GET /classes/{class_id}",
          "GET /resource_pools/{resource_pool_id}/quota",
          "PUT /resource_pools/{resource_pool_id}/quota",
          "PATCH /resource_pools/{resource_pool_id}/quota",
          "GET /resource_pools/{resource_pool_id}/members",
          "POST /resource_pools/{resource_pool_id}/members",
          "PUT /resource_pools/{resource_pool_id}/members",
          "GET /resource_pools/{resource_pool_id}/members/{member_type}/{member_id}",
          "DELETE /resource_pools/{resource_pool_id}/members/{member_type}/{member_id}",
          "GET /users/{user_id}/resource_pools");

  static JsonNode spec;

  @BeforeAll
  static void loadSpec() throws IOException {
    try (InputStream in = SpecTest.class.getResourceAsStream(SPEC_RESOURCE)) {
      assertThat(in).as("bundled spec %s on the classpath", SPEC_RESOURCE).isNotNull();
      spec = JsonMapper.builder().build().readTree(in);
    }
  }

  @Test
  void hasServerAndTitle() {
    assertThat(spec.path("openapi").asString()).startsWith("3.0");
    assertThat(spec.path("info").path("title").asString()).isEqualTo("Renku data service");
    assertThat(spec.path("servers").path(0).path("url").asString()).isEqualTo("/api/data");
  }

  @Test
  void containsEveryExpectedOperation() {
    assertThat(operations()).containsAll(EXPECTED_OPERATIONS);
  }

  @Test
  void everyOperationHasOperationIdAndTag() {
    Set<String> ids = new TreeSet<>();
    List<String> duplicates = new ArrayList<>();
    forEachOperation(
        (key, op) -> {
          assertThat(op.path("operationId").asString()).as("operationId of %s", key).isNotBlank();
          assertThat(op.path("tags").isArray() && !op.path("tags").isEmpty())
              .as("tags of %s", key)
              .isTrue();
          if (!ids.add(op.path("operationId").asString())) {
            duplicates.add(key);
          }
        });
    assertThat(duplicates).as("operations with a duplicate operationId").isEmpty();
  }

  @Test
  void allReferencesAreResolvedLocally() {
    List<String> refs = new ArrayList<>();
    collectRefs(spec, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).as("reference").startsWith("#/components/");
      String[] parts = ref.substring(2).split("/");
      JsonNode target = spec;
      for (String part : parts) {
        target = target.path(part.replace("~1", "/").replace("~0", "~"));
      }
      assertThat(target.isMissingNode()).as("target of %s exists", ref).isFalse();
    }
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("$ref") && e.getValue().isString()) {
          refs.add(e.getValue().asString());
        } else {
          collectRefs(e.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        collectRefs(child, refs);
      }
    }
  }

  private static Set<String> operations() {
    Set<String> ops = new TreeSet<>();
    forEachOperation((key, op) -> ops.add(key));
    return ops;
  }

  private static void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
    for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        if (HTTP_METHODS.contains(method.getKey())) {
          action.accept(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
        }
      }
    }
  }
}

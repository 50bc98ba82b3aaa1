package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Small helpers the API tests share: unique slugs, and creating users, groups and projects. */
final class Fixtures {
  private Fixtures() {}

  /** A slug no other test uses: {@code prefix-xxxxxxxx}. */
  static String slug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Registers {@code user} (first authenticated request) and returns their namespace slug. */
  static String register(Api api, TestUser user) {
    var r = api.as(user).get("user");
    assertThat(r.status()).as("GET /user for %s: %s", user.email(), r).isEqualTo(200);
    return r.field("username");
  }

  static JsonNode createGroup(Api as, String slug) {
    var r = as.post("groups", Map.of("name", "Group " + slug, "slug", slug));
    assertThat(r.status()).as("create group %s: %s", slug, r).isEqualTo(201);
    return r.json();
  }

  static JsonNode createProject(Api as, String namespace, String slug, String visibility) {
    var body = new LinkedHashMap<String, Object>();
    body.put("name", "Project " + slug);
    body.put("namespace", namespace);
    body.put("slug", slug);
    body.put("visibility", visibility);
    var r = as.post("projects", body);
    assertThat(r.status()).as("create project %s/%s: %s", namespace, slug, r).isEqualTo(201);
    return r.json();
  }

  /** Upserts members of a group: user to role. */
  static void groupMembers(Api as, String groupSlug, Map<TestUser, String> roles) {
    var r = as.patch("groups/" + groupSlug + "/members", members(roles));
    assertThat(r.status()).as("group members of %s: %s", groupSlug, r).isEqualTo(200);
  }

  /** Upserts members of a project: user to role. */
  static void projectMembers(Api as, String projectId, Map<TestUser, String> roles) {
    var r = as.patch("projects/" + projectId + "/members", members(roles));
    assertThat(r.status()).as("project members of %s: %s", projectId, r).isEqualTo(200);
  }

  static List<Map<String, String>> members(Map<TestUser, String> roles) {
    var body = new ArrayList<Map<String, String>>();
    roles.forEach((u, role) -> body.add(Map.of("id", u.id(), "role", role)));
    return body;
  }

  /** The values of one field of each element of a JSON array body. */
  static List<String> values(Api.Response r, String field) {
    var out = new ArrayList<String>();
    for (JsonNode n : r.json()) {
      out.add(n.path(field).asString());
    }
    return out;
  }

  static List<String> ids(Api.Response r) {
    return values(r, "id");
  }

  /** The current ETag of a project, as {@code who} sees it. */
  static String etag(Api who, String projectId) {
    var r = who.get("projects/" + projectId);
    assertThat(r.status()).as("GET project %s: %s", projectId, r).isEqualTo(200);
    return r.header("ETag");
  }

  /**
   * A resource class body: {@code cpu} CPUs, {@code memory} GB, 10 GB disk at most, 1 by default.
   */
  static Map<String, Object> resourceClass(String name, double cpu, int memory) {
    var body = new LinkedHashMap<String, Object>();
    body.put("name", name);
    body.put("cpu", cpu);
    body.put("memory", memory);
    body.put("gpu", 0);
    body.put("max_storage", 10);
    body.put("default_storage", 1);
    return body;
  }

  /** Creates a resource pool (as an admin) with two classes, the first one the default. */
  static JsonNode createPool(Api admin, String name, boolean isPublic) {
    var body = new LinkedHashMap<String, Object>();
    body.put("name", name);
    body.put("public", isPublic);
    body.put("classes", List.of(resourceClass("one", 1, 2), resourceClass("two", 2, 4)));
    var r = admin.post("resource_pools", body);
    assertThat(r.status()).as("create pool %s: %s", name, r).isEqualTo(201);
    return r.json();
  }

  /** The ids of the pools in a list response, as strings. */
  static List<String> poolIds(Api.Response r) {
    assertThat(r.status()).as("pool list: %s", r).isEqualTo(200);
    return values(r, "id");
  }

  static String message(Api.Response r) {
    return r.json().path("error").path("message").asString();
  }
}

package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the API fuzz test aims at, made through the gateway before it starts: a victim with a
 * private project in their namespace, a private project in their (public) group and a launcher in
 * the first; a stranger (an ordinary user) with a project, a group and a launcher of their own; an
 * admin with a resource pool of their own. The victim's private things are the secrets: no answer
 * to the anonymous caller or the stranger may contain their ids, names or slugs.
 */
final class FuzzFixture {
  static final String API = "/api/data";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Who sends a request; {@code token} is null for the anonymous caller. */
  record Caller(
      String name,
      String token,
      boolean admin,
      boolean mustNotSeeSecrets,
      String userId,
      String namespace) {}

  private final AttackPlatform p;
  private final String marker = "vq" + UUID.randomUUID().toString().substring(0, 8);
  private final Caller anonymous;
  private final Caller stranger;
  private final Caller admin;
  private final Caller victim;

  private final String victimProjectId;
  private final String victimProjectSlug;
  private final String victimGroupSlug;
  private final String victimGroupProjectId;
  private final String victimGroupProjectSlug;
  private final String victimLauncherId;
  private final String strangerProjectId;
  private final String strangerProjectSlug;
  private final String strangerGroupSlug;
  private final String strangerLauncherId;
  private final String defaultEnvironmentId;
  private final String defaultPoolId;
  private final String defaultClassId;
  private final String adminPoolId;
  private final String adminClassId;
  private final List<String> secrets;

  FuzzFixture(AttackPlatform p) throws Exception {
    this.p = p;
    anonymous = new Caller("anonymous", null, false, true, null, null);
    victim = user("fuzz-victim-" + marker, false, false);
    stranger = user("fuzz-stranger-" + marker, false, true);
    admin = user("fuzz-admin-" + marker, true, false);

    defaultEnvironmentId =
        ok(send(admin, "GET", "/environments", null), 200).get(0).path("id").asString();
    JsonNode pools = ok(send(admin, "GET", "/resource_pools", null), 200);
    JsonNode defaultPool = null;
    for (JsonNode pool : pools) {
      if (pool.path("default").asBoolean(false)) {
        defaultPool = pool;
      }
    }
    assertThat(defaultPool).as("the default pool in %s", pools).isNotNull();
    defaultPoolId = defaultPool.path("id").asString();
    defaultClassId = defaultPool.path("classes").get(0).path("id").asString();

    victimProjectSlug = "hidden-" + marker;
    victimProjectId =
        project(victim, victim.namespace(), victimProjectSlug, "Hidden project " + marker);
    victimGroupSlug = "fuzz-group-" + marker;
    ok(
        send(
            victim,
            "POST",
            "/groups",
            Map.of("name", "Fuzz group " + marker, "slug", victimGroupSlug)),
        201);
    victimGroupProjectSlug = "hidden-in-group-" + marker;
    victimGroupProjectId =
        project(victim, victimGroupSlug, victimGroupProjectSlug, "Hidden group project " + marker);
    victimLauncherId = launcher(victim, victimProjectId, "Hidden launcher " + marker);

    strangerProjectSlug = "own-" + marker;
    strangerProjectId =
        project(stranger, stranger.namespace(), strangerProjectSlug, "Own project " + marker);
    strangerGroupSlug = "own-group-" + marker;
    ok(
        send(
            stranger,
            "POST",
            "/groups",
            Map.of("name", "Own group " + marker, "slug", strangerGroupSlug)),
        201);
    strangerLauncherId = launcher(stranger, strangerProjectId, "Own launcher " + marker);

    JsonNode pool =
        ok(
            send(
                admin,
                "POST",
                "/resource_pools",
                Map.of(
                    "name",
                    "Fuzz pool " + marker,
                    "public",
                    false,
                    "classes",
                    List.of(
                        Map.of(
                            "name",
                            "fuzz",
                            "cpu",
                            1,
                            "memory",
                            1,
                            "gpu",
                            0,
                            "max_storage",
                            2,
                            "default_storage",
                            1)))),
            201);
    adminPoolId = pool.path("id").asString();
    adminClassId = pool.path("classes").get(0).path("id").asString();

    secrets =
        List.of(
            victimProjectId,
            victimGroupProjectId,
            victimLauncherId,
            victimProjectSlug,
            victimGroupProjectSlug,
            "Hidden project " + marker,
            "Hidden group project " + marker,
            "Hidden launcher " + marker);
  }

  private Caller user(String name, boolean isAdmin, boolean checked) throws Exception {
    String token = p.token(name, isAdmin);
    Caller c = new Caller(name, token, isAdmin, checked, null, null);
    JsonNode me = ok(send(c, "GET", "/user", null), 200);
    return new Caller(
        name, token, isAdmin, checked, me.path("id").asString(), me.path("username").asString());
  }

  private String project(Caller owner, String namespace, String slug, String name)
      throws Exception {
    return ok(
            send(
                owner,
                "POST",
                "/projects",
                Map.of(
                    "name", name, "namespace", namespace, "slug", slug, "visibility", "private")),
            201)
        .path("id")
        .asString();
  }

  private String launcher(Caller owner, String projectId, String name) throws Exception {
    return ok(
            send(
                owner,
                "POST",
                "/session_launchers",
                Map.of(
                    "name",
                    name,
                    "project_id",
                    projectId,
                    "environment",
                    Map.of("id", defaultEnvironmentId))),
            201)
        .path("id")
        .asString();
  }

  private HttpResponse<String> send(Caller c, String method, String path, Object body)
      throws Exception {
    return p.send(
        method, API + path, c.token(), body == null ? null : JSON.writeValueAsString(body));
  }

  private static JsonNode ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as("%s %s", r.request().uri(), r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  List<Caller> callers() {
    return List.of(anonymous, stranger, admin);
  }

  Caller stranger() {
    return stranger;
  }

  Caller victim() {
    return victim;
  }

  String victimGroupSlug() {
    return victimGroupSlug;
  }

  String victimProjectSlug() {
    return victimProjectSlug;
  }

  String strangerProjectSlug() {
    return strangerProjectSlug;
  }

  /** What the anonymous caller and the stranger must never get to see. */
  List<String> secrets() {
    return secrets;
  }

  /**
   * What a write by someone else than the admin must never change: the victim's things, the admin's
   * pool, the default pool and environment. A 2xx answer to such a write is a finding.
   */
  List<String> othersTargets() {
    return List.of(
        victimProjectId,
        victimGroupProjectId,
        victimLauncherId,
        victimGroupSlug,
        defaultPoolId,
        defaultClassId,
        defaultEnvironmentId,
        adminPoolId,
        adminClassId);
  }

  /**
   * Real values for a path parameter. The admin's writes only go to what the admin made; anyone
   * else may aim anywhere (a write to what is not theirs must fail).
   */
  List<String> known(String parameter, Caller c, boolean write) {
    boolean adminWrite = write && c.admin();
    return switch (parameter) {
      case "project_id" ->
          adminWrite
              ? List.of()
              : List.of(victimProjectId, victimGroupProjectId, strangerProjectId);
      case "group_slug" -> adminWrite ? List.of() : List.of(victimGroupSlug, strangerGroupSlug);
      case "user_id", "member_id" ->
          adminWrite ? List.of() : List.of(victim.userId(), stranger.userId(), admin.userId());
      case "namespace_slug", "namespace" ->
          List.of(victim.namespace(), stranger.namespace(), victimGroupSlug, strangerGroupSlug);
      case "slug" -> List.of(victimProjectSlug, victimGroupProjectSlug, strangerProjectSlug);
      case "launcher_id" -> adminWrite ? List.of() : List.of(victimLauncherId, strangerLauncherId);
      case "environment_id" -> adminWrite ? List.of() : List.of(defaultEnvironmentId);
      case "resource_pool_id" ->
          adminWrite ? List.of(adminPoolId) : List.of(defaultPoolId, adminPoolId);
      case "class_id" -> adminWrite ? List.of(adminClassId) : List.of(defaultClassId, adminClassId);
      case "member_type" -> List.of("user", "group", "project");
      default -> List.of();
    };
  }

  /**
   * A real id for a body field named {@code field}, or null to let the schema make one up. Never a
   * launcher for a new session: a test must not start session processes.
   */
  String knownField(String field, String operation, Caller c, boolean write, Draw d) {
    if (operation.contains("/sessions") || d.oneIn(2)) {
      return null;
    }
    List<String> values =
        switch (field) {
          case "project_id" -> known("project_id", c, write);
          case "resource_class_id" -> known("class_id", c, write);
          case "namespace" -> known("namespace", c, write);
          case "id" -> known("user_id", c, write);
          default -> new ArrayList<>();
        };
    return values.isEmpty() ? null : d.pick(values);
  }

  List<String> knownQuery(String name) {
    return FuzzRequests.queryKnown(this).getOrDefault(name, List.of());
  }
}

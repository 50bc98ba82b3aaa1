package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /environments}: global session environments. */
class EnvironmentApiTest extends ApiTest {

  private static List<String> ids(Api.Response list) {
    List<String> ids = new ArrayList<>();
    list.json().forEach(e -> ids.add(e.path("id").asString()));
    return ids;
  }

  @Test
  void adminsManageEnvironmentsAndEveryoneSeesThem() {
    Api admin = api.as(TestUser.randomAdmin("envadmin"));
    Api user = api.as(TestUser.random("envuser"));
    Map<String, Object> body =
        Map.of("name", "JupyterLab", "container_image", "quay.io/jupyter/minimal-notebook:2025");

    assertThat(api.anonymous().post("environments", body).status()).isEqualTo(401);
    assertThat(user.post("environments", body).status()).isEqualTo(403);

    var created = admin.post("environments", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.field("id");
    assertThat(created.field("default_url")).isEqualTo("/lab");
    assertThat(created.json().path("port").asInt()).isEqualTo(8080);
    assertThat(created.json().path("uid").asInt()).isEqualTo(1000);
    assertThat(created.field("environment_kind")).isEqualTo("GLOBAL");
    assertThat(created.field("environment_image_source")).isEqualTo("image");
    assertThat(created.json().has("command")).as("nulls are omitted").isFalse();

    var read = api.anonymous().get("environments/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.field("name")).isEqualTo("JupyterLab");
    assertThat(ids(api.anonymous().get("environments"))).contains(id);

    Map<String, Object> change = new LinkedHashMap<>();
    change.put("command", List.of("sh", "-c"));
    change.put("args", List.of("jupyter lab --ip=0.0.0.0"));
    change.put("port", 8888);
    assertThat(user.patch("environments/" + id, change).status()).isEqualTo(403);
    var patched = admin.patch("environments/" + id, change);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("port").asInt()).isEqualTo(8888);
    assertThat(patched.json().path("command").get(1).asString()).isEqualTo("-c");
    assertThat(patched.field("name"))
        .as("fields left out keep their values")
        .isEqualTo("JupyterLab");

    var cleared = admin.patch("environments/" + id, Map.of("command", List.of()));
    assertThat(cleared.json().has("command")).as("an empty list removes the command").isFalse();
    assertThat(cleared.json().path("args").get(0).asString()).isEqualTo("jupyter lab --ip=0.0.0.0");

    var archived = admin.patch("environments/" + id, Map.of("is_archived", true));
    assertThat(archived.json().path("is_archived").asBoolean()).isTrue();
    assertThat(ids(api.get("environments"))).doesNotContain(id);
    assertThat(ids(api.get("environments?include_archived=true"))).contains(id);

    assertThat(user.delete("environments/" + id).status()).isEqualTo(403);
    assertThat(admin.delete("environments/" + id).status()).isEqualTo(204);
    assertThat(api.get("environments/" + id).status()).isEqualTo(404);
    assertThat(admin.delete("environments/" + id).status())
        .as("deleting twice is fine")
        .isEqualTo(204);
  }

  @Test
  void badEnvironmentsAreRefusedNamingTheField() {
    Api admin = api.as(TestUser.randomAdmin("envbad"));
    Map<String, Object> base = Map.of("name", "X", "container_image", "image:1");
    for (var bad :
        List.<Map.Entry<String, Object>>of(
            Map.entry("port", 70000),
            Map.entry("uid", -1),
            Map.entry("uid", 0), // sessions never run as root
            Map.entry("gid", 0),
            Map.entry("port", 0),
            Map.entry("container_image", "no spaces allowed"),
            Map.entry("name", ""),
            Map.entry("default_url", "/" + "x".repeat(200)),
            Map.entry("environment_image_source", "build"),
            Map.entry("environment_kind", "CUSTOM"))) {
      Map<String, Object> body = new LinkedHashMap<>(base);
      body.put(bad.getKey(), bad.getValue());
      var r = admin.post("environments", body);
      assertThat(r.status()).as(bad.getKey() + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(bad.getKey()).contains(bad.getKey());
    }
    assertThat(admin.post("environments", Map.of("name", "No image")).status()).isEqualTo(422);
    var unknown = admin.patch("environments/01AN4Z79ZS5XN0F25N3DB94T4R", Map.of("name", "y"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(api.get("environments/01AN4Z79ZS5XN0F25N3DB94T4R").status()).isEqualTo(404);
  }
}

package io.renku.data.api;

import static io.renku.data.api.Fixtures.createGroup;
import static io.renku.data.api.Fixtures.groupMembers;
import static io.renku.data.api.Fixtures.register;
import static io.renku.data.api.Fixtures.slug;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import io.renku.data.support.TestZenodo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Data deposits ({@code /deposits}) against real counterparts on loopback: {@link TestZenodo}
 * (OAuth2 and the Zenodo REST calls, checking the bearer token) and a WebDAV server ({@code rclone
 * serve webdav}) holding the data connector's files, read by the machine's rclone. Same properties
 * as {@link StorageSchemaApiTest}, so that both share one Spring context.
 */
@TestPropertySource(
    properties = {"renku.storage.allow-private-endpoints=true", "renku.storage.test-timeout=5s"})
class DepositApiTest extends ApiTest {
  private static final HttpClient BROWSER = HttpClient.newHttpClient();
  private static TestZenodo zenodo;
  private static Process webdav;
  private static String webdavUrl;
  private static Path served;
  private static String providerId;

  @BeforeAll
  static void servers() throws Exception {
    zenodo = new TestZenodo();
    served = Files.createTempDirectory("renku-test-deposit-dav");
    Files.createDirectories(served.resolve("data/sub"));
    Files.writeString(served.resolve("data/a.txt"), "alpha");
    Files.writeString(served.resolve("data/sub/b.txt"), "beta");
    Files.writeString(served.resolve("outside.txt"), "not part of the connector");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    webdav =
        new ProcessBuilder(
                "rclone",
                "serve",
                "webdav",
                "--addr",
                "127.0.0.1:" + port,
                // files the test adds later are seen at once
                "--dir-cache-time",
                "0s",
                served.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    webdavUrl = "http://127.0.0.1:" + port + "/";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !webdav.isAlive()) {
          throw new IllegalStateException("rclone serve webdav did not start");
        }
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    zenodo.close();
    if (webdav != null) {
      webdav.destroy();
      webdav.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private synchronized String provider() {
    if (providerId == null) {
      TestUser admin = TestUser.randomAdmin("depadmin");
      register(api, admin);
      String id = "zenodo-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("kind", "zenodo");
      body.put("client_id", TestZenodo.CLIENT_ID);
      body.put("client_secret", TestZenodo.CLIENT_SECRET);
      body.put("display_name", "Test Zenodo");
      body.put("scope", "deposit:write deposit:actions");
      body.put("url", zenodo.base());
      body.put("use_pkce", false);
      var r = api.as(admin).post("oauth2/providers", body);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      providerId = id;
    }
    return providerId;
  }

  /** The user's Zenodo connection, made through the platform's authorization flow. */
  private void connectZenodo(TestUser user) throws Exception {
    zenodo.nextOwner(user.id());
    var start = api.as(user).get("oauth2/providers/" + provider() + "/authorize");
    assertThat(start.status()).as(start.body()).isEqualTo(302);
    HttpResponse<String> approved =
        BROWSER.send(
            HttpRequest.newBuilder(URI.create(start.header("location"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(approved.statusCode()).isEqualTo(302);
    URI back = URI.create(approved.headers().firstValue("location").orElseThrow());
    var done = api.as(user).get("oauth2/callback?" + back.getRawQuery());
    // no next_url: the original answers {"status": "OK"}
    assertThat(done.status()).as(done.body()).isEqualTo(200);
  }

  private String connector(TestUser owner, String namespace, String sourcePath) {
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("configuration", Map.of("type", "webdav", "url", webdavUrl, "vendor", "other"));
    storage.put("source_path", sourcePath);
    storage.put("target_path", "mnt/data");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Data " + UUID.randomUUID().toString().substring(0, 6));
    body.put("namespace", namespace);
    body.put("visibility", "private");
    body.put("storage", storage);
    var r = api.as(owner).post("data_connectors", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.field("id");
  }

  private static Map<String, Object> deposit(String name, String provider, String dc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("provider", provider);
    m.put("data_connector_id", dc);
    return m;
  }

  private JsonNode awaitStatus(TestUser user, String id, String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      var r = api.as(user).get("deposits/" + id);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      String now = r.field("status");
      if (now.equals(status)) {
        return r.json();
      }
      if (System.nanoTime() > deadline || (!now.equals("in_progress"))) {
        throw new AssertionError(
            "deposit "
                + id
                + " is "
                + now
                + ", not "
                + status
                + "; logs: "
                + api.as(user).get("deposits/" + id + "/logs").body());
      }
      Thread.sleep(200);
    }
  }

  @Test
  void depositUploadsTheConnectorsFilesToZenodoWithTheUsersToken() throws Exception {
    TestUser user = TestUser.random("depuser");
    String ns = register(api, user);
    connectZenodo(user);
    String dc = connector(user, ns, "data");

    var created = api.as(user).post("deposits", deposit("My export", "zenodo", dc));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode d = created.json();
    String id = d.path("id").asString();
    assertThat(d.path("status").asString()).isEqualTo("in_progress");
    assertThat(d.path("provider").asString()).isEqualTo("zenodo");
    assertThat(d.path("path").asString()).isEqualTo("/");
    assertThat(d.path("data_connector_id").asString()).isEqualTo(dc);
    assertThat(zenodo.depositionCount()).isPositive();

    JsonNode done = awaitStatus(user, id, "upload_complete");
    String originalId =
        done.path("external_url").asString().substring((zenodo.base() + "uploads/").length());
    TestZenodo.Deposition z = zenodo.deposition(originalId);
    assertThat(z).as(done.toString()).isNotNull();
    assertThat(z.owner).isEqualTo(user.id());
    assertThat(z.title).isEqualTo("My export");
    assertThat(z.files.keySet()).containsExactlyInAnyOrder("a.txt", "sub/b.txt");
    assertThat(new String(z.files.get("a.txt"), StandardCharsets.UTF_8)).isEqualTo("alpha");
    assertThat(new String(z.files.get("sub/b.txt"), StandardCharsets.UTF_8)).isEqualTo("beta");

    var logs = api.as(user).get("deposits/" + id + "/logs");
    assertThat(logs.status()).isEqualTo(200);
    String log = logs.json().path("upload-deposit").asString();
    assertThat(log).contains("Uploaded a.txt (5 bytes)", "Uploaded sub/b.txt (4 bytes)");
    assertThat(log).doesNotContain("zat-");

    // listings: the user's own, and of the connector
    var mine = api.as(user).get("deposits");
    assertThat(mine.status()).isEqualTo(200);
    assertThat(Fixtures.ids(mine)).containsExactly(id);
    assertThat(mine.header("total")).isEqualTo("1");
    assertThat(Fixtures.ids(api.as(user).get("data_connectors/" + dc + "/deposits")))
        .containsExactly(id);

    // one deposit per user and connector (the original's 422)
    var twice = api.as(user).post("deposits", deposit("Again", "zenodo", dc));
    assertThat(twice.status()).as(twice.body()).isEqualTo(422);
    assertThat(twice.json().path("error").path("detail").asString()).isEqualTo("data_connector_id");

    // If-None-Match
    String etag = done.path("etag").asString();
    var same = api.as(user).header("If-None-Match", etag).get("deposits/" + id);
    assertThat(same.status()).isEqualTo(304);

    // PATCH: If-Match required and current; name changes; complete only once published
    assertThat(api.as(user).patch("deposits/" + id, Map.of("name", "X")).status()).isEqualTo(428);
    assertThat(
            api.as(user)
                .header("If-Match", "\"stale\"")
                .patch("deposits/" + id, Map.of("name", "X"))
                .status())
        .isEqualTo(409);
    var renamed =
        api.as(user).header("If-Match", etag).patch("deposits/" + id, Map.of("name", "Renamed"));
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.field("name")).isEqualTo("Renamed");
    etag = renamed.field("etag");
    var notYet =
        api.as(user).header("If-Match", etag).patch("deposits/" + id, Map.of("status", "complete"));
    assertThat(notYet.status()).as(notYet.body()).isEqualTo(422);
    assertThat(notYet.json().path("error").path("detail").asString()).isEqualTo("status");
    var backwards =
        api.as(user)
            .header("If-Match", etag)
            .patch("deposits/" + id, Map.of("status", "in_progress"));
    assertThat(backwards.status()).as(backwards.body()).isEqualTo(422);

    z.submitted = true;
    var complete =
        api.as(user).header("If-Match", etag).patch("deposits/" + id, Map.of("status", "complete"));
    assertThat(complete.status()).as(complete.body()).isEqualTo(200);
    assertThat(complete.field("status")).isEqualTo("complete");
    // a completed deposit is removed, as in the original
    assertThat(api.as(user).get("deposits/" + id).status()).isEqualTo(404);
    // and the user may deposit the connector again
    var again = api.as(user).post("deposits", deposit("Second", "zenodo", dc));
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(api.as(user).delete("deposits/" + again.field("id")).status()).isEqualTo(204);
  }

  @Test
  void aFailedUploadIsLoggedAndCanBeRunAgain() throws Exception {
    TestUser user = TestUser.random("depretry");
    String ns = register(api, user);
    connectZenodo(user);
    String folder = "later-" + UUID.randomUUID().toString().substring(0, 6);
    String dc = connector(user, ns, folder);

    var created = api.as(user).post("deposits", deposit("Retry", "zenodo", dc));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.field("id");
    awaitStatus(user, id, "failed");
    String log =
        api.as(user).get("deposits/" + id + "/logs").json().path("upload-deposit").asString();
    assertThat(log).contains("Error: Could not read the data connector");

    Files.createDirectories(served.resolve(folder));
    Files.writeString(served.resolve(folder + "/c.txt"), "gamma");
    var rerun = api.as(user).post("deposits/" + id + "/job", null);
    assertThat(rerun.status()).as(rerun.body()).isEqualTo(201);
    JsonNode done = awaitStatus(user, id, "upload_complete");
    String originalId =
        done.path("external_url").asString().substring((zenodo.base() + "uploads/").length());
    assertThat(zenodo.deposition(originalId).files.keySet()).containsExactly("c.txt");
    String after =
        api.as(user).get("deposits/" + id + "/logs").json().path("upload-deposit").asString();
    assertThat(after).doesNotContain("Error").contains("Uploaded c.txt");

    assertThat(api.as(user).delete("deposits/" + id).status()).isEqualTo(204);
    assertThat(api.as(user).get("deposits/" + id).status()).isEqualTo(404);
  }

  @Test
  void othersSeeNothingAndBadInputIsRefused() throws Exception {
    TestUser owner = TestUser.random("depowner");
    TestUser stranger = TestUser.random("depstranger");
    TestUser viewer = TestUser.random("depviewer");
    register(api, owner);
    register(api, stranger);
    register(api, viewer);
    connectZenodo(owner);
    connectZenodo(stranger);
    String group = slug("depgroup");
    createGroup(api.as(owner), group);
    groupMembers(api.as(owner), group, Map.of(viewer, "viewer"));
    String dc = connector(owner, group, "data");

    var created = api.as(owner).post("deposits", deposit("Owner's", "zenodo", dc));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.field("id");
    awaitStatus(owner, id, "upload_complete");
    String etag = api.as(owner).get("deposits/" + id).field("etag");

    // a stranger cannot read the connector: 404 for depositing it and for its deposits
    var strangerPost = api.as(stranger).post("deposits", deposit("Mine", "zenodo", dc));
    assertThat(strangerPost.status()).as(strangerPost.body()).isEqualTo(404);
    assertThat(api.as(stranger).get("data_connectors/" + dc + "/deposits").status()).isEqualTo(404);
    // another user's deposit does not exist for them
    for (Api.Response r :
        List.of(
            api.as(stranger).get("deposits/" + id),
            api.as(stranger).get("deposits/" + id + "/logs"),
            api.as(stranger).header("If-Match", etag).patch("deposits/" + id, Map.of("name", "x")),
            api.as(stranger).post("deposits/" + id + "/job", null),
            api.as(stranger).delete("deposits/" + id))) {
      assertThat(r.status()).as(r.body()).isEqualTo(404);
    }
    assertThat(api.as(stranger).get("deposits").json().size()).isZero();
    assertThat(api.as(owner).get("deposits/" + id).status()).isEqualTo(200);

    // a viewer of the connector may deposit it (the original asks for read access only), but
    // only with a Zenodo connection of their own
    var viewerPost = api.as(viewer).post("deposits", deposit("Viewer's", "zenodo", dc));
    assertThat(viewerPost.status()).as(viewerPost.body()).isEqualTo(401);
    connectZenodo(viewer);
    viewerPost = api.as(viewer).post("deposits", deposit("Viewer's", "zenodo", dc));
    assertThat(viewerPost.status()).as(viewerPost.body()).isEqualTo(201);
    // the viewer sees their own deposit of the connector only
    assertThat(Fixtures.ids(api.as(viewer).get("data_connectors/" + dc + "/deposits")))
        .containsExactly(viewerPost.field("id"));

    // anonymous callers
    assertThat(api.anonymous().post("deposits", deposit("A", "zenodo", dc)).status())
        .isEqualTo(401);
    assertThat(api.anonymous().get("deposits").status()).isEqualTo(401);

    // bad input
    String other = connector(owner, group, "data");
    var envidat = api.as(owner).post("deposits", deposit("E", "envidat", other));
    assertThat(envidat.status()).as(envidat.body()).isEqualTo(422);
    assertThat(envidat.json().path("error").path("detail").asString()).isEqualTo("provider");
    var unknown = api.as(owner).post("deposits", deposit("E", "figshare", other));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
    Map<String, Object> escape = deposit("E", "zenodo", other);
    escape.put("path", "/../../etc");
    var esc = api.as(owner).post("deposits", escape);
    assertThat(esc.status()).as(esc.body()).isEqualTo(422);
    assertThat(esc.json().path("error").path("detail").asString()).isEqualTo("path");
    var noName =
        api.as(owner).post("deposits", Map.of("provider", "zenodo", "data_connector_id", other));
    assertThat(noName.status()).as(noName.body()).isEqualTo(422);
    var missing =
        api.as(owner).post("deposits", deposit("E", "zenodo", "01J0000000000000000000000A"));
    assertThat(missing.status()).as(missing.body()).isEqualTo(404);
    assertThat(api.as(owner).get("deposits/not-a-ulid").status()).isEqualTo(422);
    // nothing half-written by the refusals
    assertThat(Fixtures.ids(api.as(owner).get("data_connectors/" + other + "/deposits"))).isEmpty();
  }
}

package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session from start to end on the local platform, through the gateway, in a real Chromium: log
 * in, create a project and a launcher of the default environment, start a session, see the real
 * Jupyter notebook server answer at the session URL (pages, the contents API and a kernel's
 * WebSocket), pause, resume with the files still there, the quota refusing a second session, and
 * delete. Another user, and an anonymous visitor, get 404 at the session URL. Needs {@code
 * /usr/bin/jupyter-notebook} ({@code ./renku test} installs it) besides Chromium.
 */
class SessionEndToEndTest extends BrowserPlatformTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A fetch from the current page (same origin, login cookie): status and body. */
  private static JsonNode fetch(String method, String path, Object body) {
    String script =
        "const done = arguments[arguments.length - 1];"
            + "const opts = {method: arguments[0], headers: {'Content-Type': 'application/json'}};"
            + "if (arguments[2] !== null) opts.body = arguments[2];"
            + "fetch(arguments[1], opts).then(async r => done(JSON.stringify({status: r.status,"
            + " body: await r.text()})), e => done(JSON.stringify({status: -1, body: String(e)})));";
    Object out =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                script, method, path, body == null ? null : JSON.writeValueAsString(body));
    return JSON.readTree((String) out);
  }

  private static JsonNode ok(JsonNode r, int status) {
    assertThat(r.path("status").asInt()).as(r.path("body").asString()).isEqualTo(status);
    String text = r.path("body").asString();
    return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
  }

  private static long awaitRunning(String name) {
    long t0 = System.nanoTime();
    for (int i = 0; i < 600; i++) {
      JsonNode s = ok(fetch("GET", "/api/data/sessions/" + name, null), 200);
      String state = s.path("status").path("state").asString();
      if (state.equals("running")) {
        return (System.nanoTime() - t0) / 1_000_000;
      }
      assertThat(state).as(s.toString()).isIn("starting", "running");
      sleepMs(50);
    }
    throw new AssertionError("session " + name + " did not reach running");
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int statusWithoutLogin(String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient()
        .send(b.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void logIn() {
    Chromium.logIn(browser, base, "admin", ADMIN_PASSWORD);
  }

  @Test
  void aJupyterSessionFromStartToEnd() throws Exception {
    logIn();
    JsonNode project =
        ok(fetch("POST", "/api/data/projects", Map.of("name", "Notes", "namespace", "admin")), 201);
    String projectId = project.path("id").asString();

    String jupyter = null;
    for (JsonNode e : ok(fetch("GET", "/api/data/environments", null), 200)) {
      if (e.path("name").asString().startsWith("Jupyter")) {
        jupyter = e.path("id").asString();
      }
    }
    assertThat(jupyter).as("the default environment exists at the first start").isNotNull();
    JsonNode launcher =
        ok(
            fetch(
                "POST",
                "/api/data/session_launchers",
                Map.of(
                    "name",
                    "Jupyter",
                    "project_id",
                    projectId,
                    "environment",
                    Map.of("id", jupyter))),
            201);

    JsonNode started =
        ok(
            fetch(
                "POST",
                "/api/data/sessions",
                Map.of("launcher_id", launcher.path("id").asString())),
            201);
    String name = started.path("name").asString();
    long toRunning = awaitRunning(name);
    System.out.println("session " + name + " running " + toRunning + " ms after POST /sessions");

    // The session URL shows the real notebook server's page, through the gateway.
    String url = started.path("url").asString();
    assertThat(url).isEqualTo(base + "/sessions/" + name + "/tree");
    browser.get(url);
    Chromium.waiting(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("notebook_list")));
    assertThat(browser.getTitle()).contains("Home");

    // Write a file with Jupyter's contents API.
    String file = "/sessions/" + name + "/api/contents/hello.txt";
    ok(fetch("PUT", file, Map.of("type", "file", "format", "text", "content", "kept")), 201);

    // A kernel's WebSocket through the gateway: ask for the kernel's info, get the reply.
    String kernel =
        ok(fetch("POST", "/sessions/" + name + "/api/kernels", Map.of()), 201)
            .path("id")
            .asString();
    Object reply =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const ws = new WebSocket(location.origin.replace('http', 'ws')"
                    + " + '/sessions/' + arguments[0] + '/api/kernels/' + arguments[1]"
                    + " + '/channels');"
                    + "const t = setTimeout(() => done('timeout'), 20000);"
                    + "ws.onerror = () => { clearTimeout(t); done('error'); };"
                    + "ws.onopen = () => ws.send(JSON.stringify({header: {msg_id: 'm1',"
                    + " username: 'u', session: 's1', msg_type: 'kernel_info_request',"
                    + " version: '5.3'}, parent_header: {}, metadata: {}, content: {},"
                    + " channel: 'shell'}));"
                    + "ws.onmessage = m => { const j = JSON.parse(m.data);"
                    + " if (j.msg_type === 'kernel_info_reply') { clearTimeout(t); ws.close();"
                    + " done(j.content.status); } };",
                name,
                kernel);
    assertThat(reply).isEqualTo("ok");

    // Nobody else reaches it: another user, an anonymous visitor.
    String mallory =
        LocalTokens.mint(
            platform.keys(),
            platform.issuer(),
            "mallory-id",
            "m@example.org",
            "M",
            "M",
            false,
            Duration.ofHours(1));
    assertThat(statusWithoutLogin("/sessions/" + name + "/tree", mallory)).isEqualTo(404);
    assertThat(statusWithoutLogin("/sessions/" + name + "/api/contents/hello.txt", null))
        .isEqualTo(404);

    // Pause: the URL answers 404, the files stay; resume: the same files.
    JsonNode paused =
        ok(fetch("PATCH", "/api/data/sessions/" + name, Map.of("state", "hibernated")), 200);
    assertThat(paused.path("status").path("state").asString()).isEqualTo("hibernated");
    assertThat(fetch("GET", file, null).path("status").asInt()).isEqualTo(404);
    long t0 = System.nanoTime();
    ok(fetch("PATCH", "/api/data/sessions/" + name, Map.of("state", "running")), 200);
    awaitRunning(name);
    System.out.println(
        "session " + name + " resumed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    JsonNode content = ok(fetch("GET", file + "?content=1&type=file&format=text", null), 200);
    assertThat(content.path("content").asString()).isEqualTo("kept");

    // The pool's quota: just the largest class; with the running session on the default class, a
    // second one on the largest class does not fit and is refused clearly.
    JsonNode pool = null;
    for (JsonNode p : ok(fetch("GET", "/api/data/resource_pools", null), 200)) {
      if (p.path("default").asBoolean()) {
        pool = p;
      }
    }
    assertThat(pool).isNotNull();
    JsonNode largest = null;
    for (JsonNode c : pool.path("classes")) {
      if (largest == null || c.path("cpu").asDouble() > largest.path("cpu").asDouble()) {
        largest = c;
      }
    }
    ok(
        fetch(
            "PUT",
            "/api/data/resource_pools/" + pool.path("id").asInt() + "/quota",
            Map.of("cpu", largest.path("cpu").asDouble(), "memory", 1000, "gpu", 0)),
        200);
    JsonNode second =
        ok(
            fetch(
                "POST",
                "/api/data/session_launchers",
                Map.of(
                    "name",
                    "Second",
                    "project_id",
                    projectId,
                    "environment",
                    Map.of("id", jupyter))),
            201);
    JsonNode refused =
        fetch(
            "POST",
            "/api/data/sessions",
            Map.of(
                "launcher_id",
                second.path("id").asString(),
                "resource_class_id",
                largest.path("id").asInt()));
    assertThat(refused.path("status").asInt()).isEqualTo(422);
    assertThat(refused.path("body").asString()).contains("quota").contains("resource_class_id");

    ok(fetch("DELETE", "/api/data/sessions/" + name, null), 204);
    assertThat(fetch("GET", "/api/data/sessions/" + name, null).path("status").asInt())
        .isEqualTo(404);
    assertThat(fetch("GET", file, null).path("status").asInt()).isEqualTo(404);
  }
}

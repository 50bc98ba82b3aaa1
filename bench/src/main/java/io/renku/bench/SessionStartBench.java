package io.renku.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session benchmark of issue 4 against a running local platform, through its gateway with a
 * bearer token: {@code POST /sessions} → {@code running} (polled every 20 ms) and then the session
 * URL answering 200; resume of a paused session; 10 and 20 sessions started at once. No
 * dependencies, so {@code bench/run-sessions} runs it straight from its source file.
 *
 * <p>With a fourth argument, a git repository's URL, every launcher is built from that repository
 * ({@code environment_image_source: build}, issue 19): each launcher's first build runs before its
 * round (the layer cache makes it short after the first), and the rounds measure sessions of built
 * images; the runs at once are left out.
 *
 * <p>Usage: {@code java SessionStartBench.java BASE_URL TOKEN [ROUNDS [REPOSITORY_URL]]}
 */
public final class SessionStartBench {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String base;
  private static String token;
  private static String repository;
  private static final List<Long> builds = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    base = args[0];
    token = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    repository = args.length > 3 ? args[3] : null;
    send("GET", "/api/data/user", null); // registers the user and its namespace
    String namespace = field(send("GET", "/api/data/user", null).body(), "username");
    String project =
        field(
            expect(
                send(
                    "POST",
                    "/api/data/projects",
                    "{\"name\":\"Bench "
                        + System.nanoTime()
                        + "\",\"namespace\":\""
                        + namespace
                        + "\"}"),
                201),
            "id");
    String environment = null;
    Matcher m =
        Pattern.compile("\"id\":\"([0-9A-Z]{26})\"[^}]*?\"name\":\"Jupyter")
            .matcher(expect(send("GET", "/api/data/environments", null), 200));
    if (m.find()) {
      environment = m.group(1);
    }
    if (environment == null && repository == null) {
      throw new IllegalStateException("no default Jupyter environment");
    }

    String webdav = System.getenv("MOUNTS_WEBDAV");
    if (webdav != null) {
      mounts(namespace, project, environment, rounds, webdav, System.getenv("MOUNTS_WEBDAV_PASS"));
      return;
    }

    List<Long> toRunning = new ArrayList<>();
    List<Long> urlAfterRunning = new ArrayList<>();
    List<Long> resume = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      String launcher = launcher(project, environment, "seq-" + i);
      long t0 = System.nanoTime();
      String name =
          field(expect(send("POST", "/api/data/sessions", launch(launcher)), 201), "name");
      awaitState(name, "running");
      long running = System.nanoTime();
      String url = field(send("GET", "/api/data/sessions/" + name, null).body(), "url");
      awaitUrl(url);
      long answered = System.nanoTime();
      toRunning.add((running - t0) / 1_000_000);
      urlAfterRunning.add((answered - running) / 1_000_000);

      expect(send("PATCH", "/api/data/sessions/" + name, "{\"state\":\"hibernated\"}"), 200);
      awaitState(name, "hibernated");
      long r0 = System.nanoTime();
      expect(send("PATCH", "/api/data/sessions/" + name, "{\"state\":\"running\"}"), 200);
      awaitState(name, "running");
      resume.add((System.nanoTime() - r0) / 1_000_000);
      expect(send("DELETE", "/api/data/sessions/" + name, null), 204);
    }
    report("POST /sessions -> running (ms)", toRunning);
    report("running -> session URL answers 200 (ms)", urlAfterRunning);
    report("resume (PATCH running -> running) (ms)", resume);
    if (repository != null) {
      report("each launcher's build to succeeded, before its round (ms)", builds);
      return;
    }

    for (int n : new int[] {10, 20}) {
      List<String> launchers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        launchers.add(launcher(project, environment, "par" + n + "-" + i));
      }
      ExecutorService pool = Executors.newFixedThreadPool(n);
      long t0 = System.nanoTime();
      List<Future<long[]>> results = new ArrayList<>();
      for (String l : launchers) {
        Callable<long[]> start =
            () -> {
              String name =
                  field(expect(send("POST", "/api/data/sessions", launch(l)), 201), "name");
              awaitState(name, "running");
              long done = (System.nanoTime() - t0) / 1_000_000;
              expect(send("GET", "/api/data/sessions/" + name, null), 200);
              return new long[] {done, name.hashCode()};
            };
        results.add(pool.submit(start));
      }
      List<Long> times = new ArrayList<>();
      for (Future<long[]> f : results) {
        times.add(f.get()[0]);
      }
      pool.shutdown();
      report(n + " sessions started at once: each one's POST -> running (ms)", times);
      System.out.printf("  all %d running after %d ms%n", n, Collections.max(times));
      String list = expect(send("GET", "/api/data/sessions", null), 200);
      Matcher names = Pattern.compile("\"name\":\"(renku-[0-9a-f]+)\"").matcher(list);
      while (names.find()) {
        send("DELETE", "/api/data/sessions/" + names.group(1), null);
      }
    }
  }

  private static String launcher(String project, String environment, String name) throws Exception {
    if (repository != null) {
      return builtLauncher(project, name);
    }
    return field(
        expect(
            send(
                "POST",
                "/api/data/session_launchers",
                "{\"name\":\""
                    + name
                    + "\",\"project_id\":\""
                    + project
                    + "\",\"environment\":{\"id\":\""
                    + environment
                    + "\"}}"),
            201),
        "id");
  }

  /** A launcher built from {@link #repository}, after its first build succeeded. */
  private static String builtLauncher(String project, String name) throws Exception {
    String launcher =
        expect(
            send(
                "POST",
                "/api/data/session_launchers",
                "{\"name\":\""
                    + name
                    + "\",\"project_id\":\""
                    + project
                    + "\",\"environment\":{\"environment_image_source\":\"build\","
                    + "\"repository\":\""
                    + repository
                    + "\",\"builder_variant\":\"python\",\"frontend_variant\":\"jupyterlab\"}}"),
            201);
    Matcher env = Pattern.compile("\"environment\":\\{\"id\":\"([0-9A-Z]{26})\"").matcher(launcher);
    if (!env.find()) {
      throw new IllegalStateException("no environment in " + launcher);
    }
    long t0 = System.nanoTime();
    String build =
        field(
            expect(send("POST", "/api/data/environments/" + env.group(1) + "/builds", null), 201),
            "id");
    for (int i = 0; ; i++) {
      String status = field(send("GET", "/api/data/builds/" + build, null).body(), "status");
      if (status.equals("succeeded")) {
        break;
      }
      if (!status.equals("in_progress") || i > 30_000) {
        throw new IllegalStateException("build " + build + " ended " + status);
      }
      Thread.sleep(20);
    }
    builds.add((System.nanoTime() - t0) / 1_000_000);
    return field(launcher, "id");
  }

  /**
   * Issue 20's target, through the whole platform: rounds alternate a session of a plain project
   * and one of a project with 5 filled secret slots and 2 WebDAV connectors (one read-only) with
   * the caller's saved password; each POST -> running, then deleted. The secrets service opens the
   * 7 secrets, rclone mounts both connectors, podman starts the container.
   */
  private static void mounts(
      String namespace, String plain, String environment, int rounds, String webdav, String pass)
      throws Exception {
    String mounted =
        field(
            expect(
                send(
                    "POST",
                    "/api/data/projects",
                    "{\"name\":\"Bench mounts "
                        + System.nanoTime()
                        + "\",\"namespace\":\""
                        + namespace
                        + "\"}"),
                201),
            "id");
    StringBuilder fills = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      String secret =
          field(
              expect(
                  send(
                      "POST",
                      "/api/data/user/secrets",
                      "{\"name\":\"bench-"
                          + i
                          + "-"
                          + System.nanoTime()
                          + "\",\"value\":\"v"
                          + i
                          + "\"}"),
                  201),
              "id");
      String slot =
          field(
              expect(
                  send(
                      "POST",
                      "/api/data/session_secret_slots",
                      "{\"project_id\":\"" + mounted + "\",\"filename\":\"secret-" + i + "\"}"),
                  201),
              "id");
      fills
          .append(i == 0 ? "" : ",")
          .append("{\"secret_slot_id\":\"" + slot + "\",\"secret_id\":\"" + secret + "\"}");
    }
    expect(send("PATCH", "/api/data/projects/" + mounted + "/session_secrets", fills + "]"), 201);
    for (int i = 0; i < 2; i++) {
      String connector =
          field(
              expect(
                  send(
                      "POST",
                      "/api/data/data_connectors",
                      "{\"name\":\"Bench DAV "
                          + i
                          + "\",\"namespace\":\""
                          + namespace
                          + "\",\"slug\":\"bench-dav-"
                          + i
                          + "-"
                          + System.nanoTime()
                          + "\",\"visibility\":\"private\",\"storage\":{\"configuration\":"
                          + "{\"type\":\"webdav\",\"url\":\""
                          + webdav
                          + "\",\"vendor\":\"other\",\"user\":\"u\"},\"source_path\":\"/\","
                          + "\"target_path\":\"dav-"
                          + i
                          + "\",\"readonly\":"
                          + (i == 1)
                          + "}}"),
                  201),
              "id");
      expect(
          send(
              "POST",
              "/api/data/data_connectors/" + connector + "/project_links",
              "{\"project_id\":\"" + mounted + "\"}"),
          201);
      expect(
          send(
              "PATCH",
              "/api/data/data_connectors/" + connector + "/secrets",
              "[{\"name\":\"pass\",\"value\":\"" + pass + "\"}]"),
          201);
    }
    List<Long> plainStarts = new ArrayList<>();
    List<Long> mountedStarts = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      for (boolean withMounts : new boolean[] {false, true}) {
        String launcher =
            launcher(
                withMounts ? mounted : plain, environment, (withMounts ? "mnt-" : "plain-") + i);
        long t0 = System.nanoTime();
        String name =
            field(expect(send("POST", "/api/data/sessions", launch(launcher)), 201), "name");
        awaitState(name, "running");
        (withMounts ? mountedStarts : plainStarts).add((System.nanoTime() - t0) / 1_000_000);
        String body = send("GET", "/api/data/sessions/" + name, null).body();
        if (withMounts && body.contains("\"message\":\"")) {
          System.out.println("  warning of " + name + ": " + field(body, "message"));
        }
        expect(send("DELETE", "/api/data/sessions/" + name, null), 204);
      }
    }
    report("plain project: POST /sessions -> running (ms)", plainStarts);
    report("5 secrets + 2 WebDAV connectors: POST /sessions -> running (ms)", mountedStarts);
    List<Long> added = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      added.add(mountedStarts.get(i) - plainStarts.get(i));
    }
    report("added by the mounts, round by round (ms)", added);
  }

  private static String launch(String launcher) {
    return "{\"launcher_id\":\"" + launcher + "\"}";
  }

  private static void awaitState(String name, String state) throws Exception {
    for (int i = 0; i < 3000; i++) {
      String body = send("GET", "/api/data/sessions/" + name, null).body();
      Matcher m = Pattern.compile("\"state\":\"([a-z]+)\"").matcher(body);
      if (m.find()) {
        if (m.group(1).equals(state)) {
          return;
        }
        if (m.group(1).equals("failed")) {
          throw new IllegalStateException("session " + name + " failed: " + body);
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("session " + name + " never reached " + state);
  }

  private static void awaitUrl(String url) throws Exception {
    for (int i = 0; i < 3000; i++) {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 200) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException(url + " never answered 200");
  }

  private static HttpResponse<String> send(String method, String path, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30));
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          r.request().method() + " " + r.uri() + " -> " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  private static void report(String what, List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    System.out.printf(
        "%s: n=%d p50=%d p90=%d max=%d%n",
        what,
        sorted.size(),
        sorted.get((sorted.size() - 1) / 2),
        sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
        sorted.getLast());
  }
}

package io.renku.it.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.renku.authz.RelationshipFilter;
import io.renku.authz.SpiceDbAuthorizer;
import io.renku.authz.SpiceDbConfig;
import io.renku.it.scaleout.Person.Answer;
import io.renku.session.crd.AmaltheaSession;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two gateways and two data services, each its own JVM, sharing one Postgres, one Redis and one
 * SpiceDB, with the identity provider and the k8s watcher as processes of their own and one mock
 * Kubernetes API server ({@link Cluster}): what a cluster with two replicas of each does, shown
 * where it can go wrong: logins, refreshes, concurrent writes, relationships, start-up work and
 * session starts. Gateway A always talks to data service 1, gateway B to data service 2.
 */
class ScaleOutTest {
  static Cluster cluster;
  static JdbcClient db;
  static Person admin;
  static long startedInMillis;

  @RegisterExtension
  static final TestWatcher LOGS_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (cluster != null) {
            System.err.println("Output of the processes:" + cluster.logs());
          }
        }
      };

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    cluster = new Cluster();
    startedInMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("The cluster started in " + startedInMillis + " ms");
    db = JdbcClient.create(cluster.dataSource());
    admin = Person.logIn(cluster, "admin", Cluster.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs every call at once (released together) and returns their results in order. */
  private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<T>> gated = new ArrayList<>();
    for (Callable<T> c : calls) {
      gated.add(
          () -> {
            go.await();
            return c.call();
          });
    }
    try (var pool = Executors.newFixedThreadPool(calls.size())) {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> c : gated) {
        futures.add(pool.submit(c));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    }
  }

  private static String slug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> project(Person owner, String slug, String visibility) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Project " + slug);
    body.put("namespace", owner.namespace);
    body.put("slug", slug);
    body.put("visibility", visibility);
    return body;
  }

  @Test
  void aLoginStartedOnOneGatewayFinishedOnTheOtherIsValidOnBoth() {
    Person ada = Person.signUp(cluster, "ada");
    // Person.logIn started the flow on B and finished it on A; the one cookie now works on both.
    Answer throughA = ada.get(cluster.gatewayA, "user");
    Answer throughB = ada.get(cluster.gatewayB, "user");
    assertThat(throughA.status()).as(throughA.toString()).isEqualTo(200);
    assertThat(throughB.status()).as(throughB.toString()).isEqualTo(200);
    assertThat(throughA.field("id")).isEqualTo(throughB.field("id")).isEqualTo(ada.id);
    assertThat(cluster.redis.command("KEYS renku:gateway:sessions:*"))
        .as("login sessions live in Redis")
        .isNotEqualTo("*0");

    // Logging out on A (a form post from the platform's page) ends the login on B too.
    var logout =
        ada.browser.send(
            ada.browser
                .request(cluster.gatewayA + "/api/auth/logout")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", cluster.gatewayA)
                .POST(HttpRequest.BodyPublishers.ofString("redirect_url=%2F"))
                .build());
    assertThat(logout.statusCode()).as(logout.body()).isIn(302, 303);
    Answer after = ada.get(cluster.gatewayB, "user");
    assertThat(after.status()).as("logged out everywhere: %s", after).isEqualTo(401);
  }

  @Test
  void theSameSlugCreatedThroughBothGatewaysAtOnceIsCreatedOnce() throws Exception {
    Person bea = Person.signUp(cluster, "bea");
    String slug = slug("race");
    List<Callable<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String gateway = i % 2 == 0 ? cluster.gatewayA : cluster.gatewayB;
      calls.add(() -> bea.post(gateway, "projects", project(bea, slug, "private")));
    }
    List<Answer> answers = atOnce(calls);
    assertThat(answers.stream().map(Answer::status).sorted().toList())
        .as("%s", answers)
        .containsExactly(201, 409, 409, 409);
    String id =
        answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow().field("id");
    assertThat(
            db.sql(
                    "SELECT count(*) FROM projects.projects p JOIN common.namespaces n"
                        + " ON n.id = p.namespace_id WHERE p.slug = :s")
                .param("s", slug)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            db.sql(
                    "SELECT count(*) FROM authz.relationships WHERE resource_type = 'project'"
                        + " AND resource_id NOT IN (SELECT id FROM projects.projects)")
                .query(Long.class)
                .single())
        .as("no relationship of a project that lost the race")
        .isZero();
    for (String gateway : List.of(cluster.gatewayA, cluster.gatewayB)) {
      Answer read = bea.get(gateway, "projects/" + id);
      assertThat(read.status()).as(read.toString()).isEqualTo(200);
    }
  }

  @Test
  void membersAddedThroughOneDataServiceAreEnforcedByTheOther() {
    Person owner = Person.signUp(cluster, "own");
    Person viewer = Person.signUp(cluster, "view");
    Answer created =
        owner.post(cluster.gatewayA, "projects", project(owner, slug("members"), "private"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.field("id");

    // Both data services answer "no" first (and may keep that answer: CheckCache).
    assertThat(viewer.get(cluster.gatewayA, "projects/" + id).status()).isEqualTo(404);
    assertThat(viewer.get(cluster.gatewayB, "projects/" + id).status()).isEqualTo(404);

    Answer added =
        owner.patch(
            cluster.gatewayA,
            "projects/" + id + "/members",
            List.of(Map.of("id", viewer.id, "role", "viewer")));
    assertThat(added.status()).as(added.toString()).isEqualTo(200);
    // Written by data service 1, checked by data service 2 at once: no wait, no stale answer.
    Answer seen = viewer.get(cluster.gatewayB, "projects/" + id);
    assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
    assertThat(viewer.get(cluster.gatewayA, "projects/" + id).status()).isEqualTo(200);
    assertThat(relationshipsInSpiceDb(id, viewer)).as("mirrored into SpiceDB").isNotEmpty();
    Answer members = owner.get(cluster.gatewayB, "projects/" + id + "/members");
    assertThat(members.json().valueStream().map(m -> m.path("id").asString()).toList())
        .contains(owner.id, viewer.id);
    // A viewer may not change the project, through either replica.
    Answer edit =
        viewer.patch(cluster.gatewayB, "projects/" + id, Map.of("description", "not mine"));
    assertThat(edit.status()).as(edit.toString()).isIn(403, 412, 428);

    // Removed through data service 2: data service 1, which said yes a moment ago, says no.
    Answer removed = owner.delete(cluster.gatewayB, "projects/" + id + "/members/" + viewer.id);
    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
    assertThat(viewer.get(cluster.gatewayA, "projects/" + id).status()).isEqualTo(404);
    assertThat(viewer.get(cluster.gatewayB, "projects/" + id).status()).isEqualTo(404);

    // Every change reached the one SpiceDB (AuthzSync under its advisory lock): nothing queued.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> db.sql("SELECT count(*) FROM authz.pending").query(Long.class).single() == 0);
    assertThat(relationshipsInSpiceDb(id, viewer)).as("the removal mirrored too").isEmpty();
  }

  /**
   * What the shared SpiceDB holds between the project and the user (engine {@code spicedb}; with
   * {@code postgres} the table is all there is, so the table is read instead).
   */
  private static List<?> relationshipsInSpiceDb(String projectId, Person user) {
    if (!"spicedb".equals(Cluster.AUTHZ_ENGINE)) {
      return db.sql(
              "SELECT relation FROM authz.relationships WHERE resource_type = 'project'"
                  + " AND resource_id = :p AND subject_type = 'user' AND subject_id = :u")
          .param("p", projectId)
          .param("u", user.id)
          .query(String.class)
          .list();
    }
    try (var spicedb =
        new SpiceDbAuthorizer(
            new SpiceDbConfig("127.0.0.1", cluster.spicedbPort, cluster.spicedbKey, null, true))) {
      return spicedb.readRelationships(
          new RelationshipFilter("project", projectId, null, "user", user.id));
    }
  }

  @Test
  void bothGatewaysRefreshingOneLoginAtOnceRefreshItOnce() throws Exception {
    Person cleo = Person.signUp(cluster, "cleo");
    long loggedIn = System.currentTimeMillis();
    long before = cluster.tokenRequests();
    // Inside the refresh margin (the token was issued during the login, just before loggedIn).
    long due = loggedIn + (Cluster.ACCESS_TTL_SECONDS - Cluster.REFRESH_BEFORE_SECONDS) * 1000L;
    Thread.sleep(Math.max(0, due + 1500 - System.currentTimeMillis()));
    int n = 12;
    List<Callable<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String gateway = i % 2 == 0 ? cluster.gatewayA : cluster.gatewayB;
      calls.add(() -> cleo.get(gateway, "user"));
    }
    List<Answer> answers = atOnce(calls);
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(200));
    Set<String> ids = answers.stream().map(a -> a.field("id")).collect(Collectors.toSet());
    assertThat(ids).containsExactly(cleo.id);
    // The provider logs a request just after answering it: wait for the first line, give a
    // second refresh (which would have run beside the first) time to show, then count.
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.tokenRequests() > before);
    Thread.sleep(1000);
    assertThat(cluster.tokenRequests() - before)
        .as("one refresh at the provider for %d requests through two gateways", n)
        .isEqualTo(1);
    assertThat(cluster.redis.command("KEYS renku:gateway:refresh-lock:*"))
        .as("the lock was released")
        .isEqualTo("*0");
  }

  @Test
  void theDefaultResourcePoolIsCreatedOnceWhileBothDataServicesStart() {
    // Both data services started together on an empty database (Cluster).
    assertThat(
            db.sql("SELECT count(*) FROM resource_pools.resource_pools").query(Long.class).single())
        .isEqualTo(1);
    String line = "Created the default resource pool";
    long created =
        List.of(cluster.dataService1, cluster.dataService2).stream()
            .filter(p -> p.output().contains(line))
            .count();
    assertThat(created).as("one replica created it, the other found it").isEqualTo(1);
    Answer a = admin.get(cluster.gatewayA, "resource_pools");
    Answer b = admin.get(cluster.gatewayB, "resource_pools");
    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    assertThat(a.json()).isEqualTo(b.json());
  }

  private static String launcher(Person owner, String projectId, String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("project_id", projectId);
    body.put(
        "environment",
        Map.of(
            "environment_kind",
            "CUSTOM",
            "name",
            name,
            "container_image",
            "quay.io/jupyter/minimal-notebook:2025-01-01",
            "port",
            8888,
            "default_url",
            "/lab"));
    Answer r = owner.post(cluster.gatewayA, "session_launchers", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.field("id");
  }

  private static String newProject(Person owner) {
    Answer r = owner.post(cluster.gatewayA, "projects", project(owner, slug("s"), "private"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.field("id");
  }

  private static List<AmaltheaSession> sessionsOf(Person owner) {
    return cluster
        .kubernetes
        .resources(AmaltheaSession.class)
        .inNamespace(Cluster.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(s -> owner.id.equals(s.getMetadata().getAnnotations().get("renku.io/user_id")))
        .toList();
  }

  @Test
  void oneLauncherStartedThroughBothGatewaysAtOnceIsOneSession() throws Exception {
    Person dan = Person.signUp(cluster, "dan");
    String launcher = launcher(dan, newProject(dan), "Lab");
    List<Answer> answers =
        atOnce(
            List.of(
                () -> dan.post(cluster.gatewayA, "sessions", Map.of("launcher_id", launcher)),
                () -> dan.post(cluster.gatewayB, "sessions", Map.of("launcher_id", launcher))));
    assertThat(answers.stream().map(Answer::status).sorted().toList())
        .as("%s", answers)
        .containsExactly(200, 201);
    String name = answers.getFirst().field("name");
    assertThat(answers.getLast().field("name")).isEqualTo(name);
    assertThat(sessionsOf(dan))
        .as("one AmaltheaSession")
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(name);

    // The operator's part, played here: the state it reports reaches both replicas through the
    // cache the one watcher writes.
    cluster
        .kubernetes
        .resources(AmaltheaSession.class)
        .inNamespace(Cluster.NAMESPACE)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"state\":\"Running\",\"containerCounts\":{\"ready\":2,\"total\":2}}}");
    for (String gateway : List.of(cluster.gatewayA, cluster.gatewayB)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  dan.get(gateway, "sessions/" + name)
                      .json()
                      .path("status")
                      .path("state")
                      .asString()
                      .equals("running"));
    }
  }

  @Test
  void startsRacingThroughBothGatewaysStayUnderThePerUserLimit() throws Exception {
    Person eve = Person.signUp(cluster, "eve");
    String project = newProject(eve);
    int n = Cluster.MAX_SESSIONS_PER_USER + 2;
    List<Callable<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String launcher = launcher(eve, project, "Lab " + i);
      String gateway = i % 2 == 0 ? cluster.gatewayA : cluster.gatewayB;
      calls.add(() -> eve.post(gateway, "sessions", Map.of("launcher_id", launcher)));
    }
    List<Answer> answers = atOnce(calls);
    assertThat(answers.stream().filter(a -> a.status() == 201).count())
        .as("%s", answers)
        .isEqualTo(Cluster.MAX_SESSIONS_PER_USER);
    assertThat(answers.stream().filter(a -> a.status() == 409).count())
        .as("%s", answers)
        .isEqualTo(n - Cluster.MAX_SESSIONS_PER_USER);
    assertThat(sessionsOf(eve)).hasSize(Cluster.MAX_SESSIONS_PER_USER);
    assertThat(
            db.sql("SELECT count(*) FROM sessions.sessions WHERE owner_id = :o")
                .param("o", eve.id)
                .query(Long.class)
                .single())
        .isEqualTo(Cluster.MAX_SESSIONS_PER_USER);
  }
}

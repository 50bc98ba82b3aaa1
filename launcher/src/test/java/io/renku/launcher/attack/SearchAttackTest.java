package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search attacked through the gateway (issue 21), on the whole local platform (embedded Solr, the
 * data tasks' indexer in process): anonymous visitors and a fresh user never find another user's
 * private project, whatever they type (Solr syntax, local parameters, extra request parameters,
 * member and id filters), a removed member stops finding it, only admins rebuild the index, and bad
 * paging or huge queries answer 4xx with the error envelope, never a trace or a 5xx.
 */
@Timeout(300)
class SearchAttackTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration INDEXED_WITHIN = Duration.ofSeconds(60);
  private static AttackPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = AttackPlatform.get();
  }

  private record Person(String token, String id, String username) {}

  private static Person person(String name, boolean admin) throws Exception {
    String token = platform.token(name + "-" + UUID.randomUUID().toString().substring(0, 8), admin);
    var me = platform.send("GET", "/api/data/user", token, null);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode json = AttackPlatform.json(me.body());
    return new Person(token, json.path("id").asString(), json.path("username").asString());
  }

  private final List<HttpResponse<String>> answers = new ArrayList<>();

  private HttpResponse<String> search(Person who, String rawQueryString) throws Exception {
    var r =
        platform.send(
            "GET",
            "/api/data/search/query?" + rawQueryString,
            who == null ? null : who.token(),
            null);
    answers.add(r);
    return r;
  }

  private static String q(String query) {
    return "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  private static List<String> ids(HttpResponse<String> r) {
    List<String> ids = new ArrayList<>();
    AttackPlatform.json(r.body()).path("items").forEach(i -> ids.add(i.path("id").asString()));
    return ids;
  }

  /** Polls the search as {@code who} until the ids of the answer satisfy {@code done}. */
  private List<String> awaitIds(Person who, String query, Predicate<List<String>> done)
      throws Exception {
    long deadline = System.nanoTime() + INDEXED_WITHIN.toNanos();
    List<String> last;
    do {
      var r = search(who, q(query) + "&per_page=100");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      last = ids(r);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return last;
  }

  private String project(Person owner, String name, String visibility) throws Exception {
    var r =
        platform.send(
            "POST",
            "/api/data/projects",
            owner.token(),
            JSON.writeValueAsString(
                Map.of(
                    "name",
                    name,
                    "namespace",
                    owner.username(),
                    "visibility",
                    visibility,
                    "description",
                    "canary " + name)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return AttackPlatform.json(r.body()).path("id").asString();
  }

  @Test
  void privateProjectsStayHiddenFromStrangersWhateverTheyType() throws Exception {
    Person alice = person("search-alice", false);
    Person mallory = person("search-mallory", false);
    String marker = "zqx" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String secret = project(alice, marker + " secret", "private");
    String open = project(alice, marker + " open", "public");

    // The owner finds both once indexed; a stranger and anonymous find the public one only.
    assertThat(awaitIds(alice, marker, ids -> ids.containsAll(List.of(secret, open))))
        .contains(secret, open);
    assertThat(awaitIds(mallory, marker, ids -> ids.contains(open))).contains(open);

    List<String> attempts =
        List.of(
            marker,
            marker + " visibility:private",
            "visibility:private",
            "*:*",
            "*",
            "id:" + secret,
            "id:*",
            "name:*",
            "createdby:" + alice.id(),
            "direct_member:@" + alice.username(),
            "inherited_member:@" + alice.username(),
            "role:owner",
            "role:owner,editor,viewer " + marker,
            "namespace:" + alice.username(),
            "{!lucene}*:*",
            "{!lucene q.op=OR}" + marker + " OR *:*",
            "_query_:\"{!lucene}*:*\"",
            marker + ") OR (*:*",
            marker + " OR visibility:private",
            "\\\" OR *:* OR \\\"",
            "isPublic:false",
            "readers:" + alice.id(),
            "owners:" + alice.id(),
            "{!join from=id to=id}*:*",
            "{!frange l=0}1",
            "name:\"" + marker + " secret\"",
            "slug:" + marker + "*");
    for (Person who : new Person[] {mallory, null}) {
      for (String attempt : attempts) {
        for (String extra :
            List.of(
                "",
                "&fq=*:*",
                "&defType=lucene&q.op=OR",
                "&include_counts=true",
                "&q=" + URLEncoder.encode("*:*", StandardCharsets.UTF_8))) {
          var r = search(who, q(attempt) + "&per_page=100" + extra);
          assertThat(r.statusCode()).as("%s: %s", attempt, r.body()).isEqualTo(200);
          assertThat(ids(r)).as("%s%s as %s", attempt, extra, who).doesNotContain(secret);
          assertThat(r.body()).doesNotContain("canary " + marker + " secret");
        }
      }
    }
    // The counts of a user hit do not betray the private project either.
    var counted = search(mallory, q("type:user " + alice.username()) + "&include_counts=true");
    assertThat(counted.statusCode()).isEqualTo(200);
    AttackPlatform.json(counted.body())
        .path("items")
        .forEach(
            u -> {
              if (u.path("id").asString().equals(alice.id())) {
                assertThat(u.path("project_count").asInt()).isEqualTo(1);
              }
            });
    assertNoTraces();
  }

  @Test
  void aRemovedMemberStopsFindingThePrivateProject() throws Exception {
    Person owner = person("search-owner", false);
    Person bob = person("search-bob", false);
    String marker = "zqm" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String secret = project(owner, marker + " members only", "private");
    assertThat(awaitIds(owner, marker, ids -> ids.contains(secret))).contains(secret);
    assertThat(ids(search(bob, q(marker)))).doesNotContain(secret);

    var added =
        platform.send(
            "PATCH",
            "/api/data/projects/" + secret + "/members",
            owner.token(),
            JSON.writeValueAsString(List.of(Map.of("id", bob.id(), "role", "viewer"))));
    assertThat(added.statusCode()).as(added.body()).isIn(200, 204);
    assertThat(awaitIds(bob, marker, ids -> ids.contains(secret))).contains(secret);

    var removed =
        platform.send(
            "DELETE", "/api/data/projects/" + secret + "/members/" + bob.id(), owner.token(), null);
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
    assertThat(awaitIds(bob, marker, ids -> !ids.contains(secret))).doesNotContain(secret);
    assertThat(ids(search(bob, q("role:viewer " + marker)))).doesNotContain(secret);
    assertNoTraces();
  }

  @Test
  void onlyAdminsRebuildTheIndex() throws Exception {
    Person user = person("search-user", false);
    Person admin = person("search-admin", true);
    for (String method : List.of("POST", "GET", "DELETE")) {
      var anonymous = platform.send(method, "/api/data/search/reprovision", null, null);
      assertThat(anonymous.statusCode()).as(method).isEqualTo(401);
      var plain = platform.send(method, "/api/data/search/reprovision", user.token(), null);
      assertThat(plain.statusCode()).as(method).isEqualTo(403);
      answers.add(anonymous);
      answers.add(plain);
    }
    // An admin may ask; asking twice is a conflict until it ends or is stopped.
    var asked = platform.send("POST", "/api/data/search/reprovision", admin.token(), null);
    assertThat(asked.statusCode()).as(asked.body()).isIn(201, 409);
    var stopped = platform.send("DELETE", "/api/data/search/reprovision", admin.token(), null);
    assertThat(stopped.statusCode()).isEqualTo(204);
    // Readers keep getting answers meanwhile.
    assertThat(search(user, q("type:project")).statusCode()).isEqualTo(200);
    assertNoTraces();
  }

  @Test
  void badPagingAndHugeQueriesAreRefusedCleanly() throws Exception {
    Person user = person("search-fuzzer", false);
    for (String params :
        List.of(
            "per_page=0",
            "per_page=101",
            "per_page=-5",
            "per_page=abc",
            "page=0",
            "page=-1",
            "page=99999999999",
            "include_counts=maybe")) {
      var r = search(user, params);
      assertThat(r.statusCode()).as("%s: %s", params, r.body()).isEqualTo(422);
      assertThat(r.body()).contains("\"error\"");
    }
    // A far page is empty but answered, with the real totals.
    var far = search(user, "page=2000000&per_page=100");
    assertThat(far.statusCode()).as(far.body()).isEqualTo(200);
    assertThat(ids(far)).isEmpty();

    String huge = "a".repeat(4001);
    var tooLong = search(user, q(huge));
    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(422);
    String manyTerms = "name:x ".repeat(570);
    assertThat(search(user, q(manyTerms)).statusCode()).isEqualTo(200);
    String deep = "(".repeat(1000) + "x" + ")".repeat(1000);
    assertThat(search(user, q(deep)).statusCode()).isEqualTo(200);
    for (String weird :
        List.of("\u0000", "%", "\uD800", "type:\u0000project", "created>9999999-99-99")) {
      var r = search(user, "q=" + URLEncoder.encode(weird, StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(weird).isBetween(200, 499);
    }
    assertNoTraces();
  }

  private void assertNoTraces() {
    for (var r : answers) {
      assertThat(r.statusCode()).as(r.uri().toString()).isLessThan(500);
      assertThat(r.body())
          .doesNotContain("Exception")
          .doesNotContain("org.apache")
          .doesNotContain("\tat ");
    }
  }
}

package io.renku.data.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import io.renku.search.solr.DataConnectorDocument;
import io.renku.search.solr.GroupDocument;
import io.renku.search.solr.Members;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.UserDocument;
import io.renku.search.solr.Visibility;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /search/query} over real HTTP against a real embedded Solr: the original's field
 * names, namespaces and creators, the paging headers, visibility per caller, paging, facets, {@code
 * include_counts}, 422s; and {@code /search/reprovision}. The documents are written as the indexer
 * of data-tasks renders them (the same records, with members as its {@code EntityReader} derives
 * them from the relationships: a group's members read what lies in the group).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest extends ApiTest {
  @Autowired ConfigurableApplicationContext context;
  @Autowired JdbcClient jdbc;

  private SearchTestIndex index;

  private final String s = UUID.randomUUID().toString().substring(0, 6);
  private final TestUser alice = TestUser.random("alice");
  private final TestUser bob = TestUser.random("bob");
  private final TestUser stranger = TestUser.random("stranger");
  private final TestUser admin = TestUser.randomAdmin("searchadmin");

  private final String groupId = "01GROUP" + s.toUpperCase();
  private final String groupSlug = "grp-" + s;
  private final String aliceSlug = "alice-" + s;
  private final Instant created = Instant.parse("2024-03-05T10:15:30Z");

  private UserDocument aliceDoc;
  private GroupDocument group;
  private ProjectDocument flight; // public, in the group
  private ProjectDocument secret; // private, in alice's namespace
  private DataConnectorDocument inFlight; // public, in the project flight
  private DataConnectorDocument groupData; // private, in the group (members: alice, bob)
  private DataConnectorDocument global; // public, no namespace
  // public, in alice's private project: a stranger sees the connector, not its namespace
  private DataConnectorDocument inSecret;

  @BeforeAll
  void startSolr() {
    index = new SearchTestIndex(context);
    aliceDoc = new UserDocument(alice.id(), aliceSlug, "Alice", "Searcher");
    UserDocument bobDoc = new UserDocument(bob.id(), "bob-" + s, "Bob", "Finder");
    Members groupMembers =
        new Members(Set.of(alice.id()), Set.of(bob.id()), Set.of(), Set.of(alice.id(), bob.id()));
    group = new GroupDocument(groupId, groupSlug, "Search Group " + s, "a group", groupMembers);
    Members inGroup = new Members(Set.of(alice.id()), Set.of(bob.id()), Set.of(), Set.of(groupId));
    flight =
        new ProjectDocument(
            "01PROJFLIGHT" + s,
            "flight-" + s,
            "Flight numpy",
            groupSlug,
            Visibility.PUBLIC,
            alice.id(),
            created,
            List.of("https://example.org/flight.git"),
            "flights with numpy",
            List.of("ml", "data"),
            inGroup);
    Members aliceOnly = new Members(Set.of(alice.id()), Set.of(), Set.of(), Set.of(alice.id()));
    secret =
        new ProjectDocument(
            "01PROJSECRET" + s,
            "secret-" + s,
            "Secret analysis",
            aliceSlug,
            Visibility.PRIVATE,
            alice.id(),
            created.plusSeconds(60),
            List.of(),
            null,
            List.of("data"),
            aliceOnly);
    inFlight =
        new DataConnectorDocument(
            "01DCFLIGHT" + s,
            "flight-data-" + s,
            "Flight data",
            groupSlug + "/flight-" + s,
            "s3",
            true,
            Visibility.PUBLIC,
            alice.id(),
            created.plusSeconds(120),
            "the data",
            List.of("data"),
            null,
            null,
            inGroup);
    groupData =
        new DataConnectorDocument(
            "01DCGROUP" + s,
            "group-data-" + s,
            "Group data",
            groupSlug,
            "azure",
            false,
            Visibility.PRIVATE,
            bob.id(),
            created.plusSeconds(180),
            null,
            List.of(),
            null,
            null,
            inGroup);
    global =
        new DataConnectorDocument(
            "01DCGLOBAL" + s,
            "envidat-" + s,
            "Envidat dataset",
            null,
            "doi",
            true,
            Visibility.PUBLIC,
            admin.id(),
            created.plusSeconds(240),
            null,
            List.of(),
            "10.16904/envidat.714",
            "EnviDat",
            Members.NONE);
    inSecret =
        new DataConnectorDocument(
            "01DCINSECRET" + s,
            "open-" + s,
            "Open data in a secret",
            aliceSlug + "/secret-" + s,
            "s3",
            true,
            Visibility.PUBLIC,
            alice.id(),
            created,
            null,
            List.of(),
            null,
            null,
            Members.NONE);
    index.write(
        List.of(aliceDoc, bobDoc, group, flight, secret, inFlight, groupData, global, inSecret));
  }

  @AfterAll
  void stopSolr() throws Exception {
    index.close();
  }

  private static String query(String q, String more) {
    return "search/query?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more;
  }

  private static Set<String> ids(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    r.json().path("items").forEach(i -> ids.add(i.path("id").asString()));
    return ids;
  }

  private static JsonNode item(Api.Response r, String id) {
    for (JsonNode i : r.json().path("items")) {
      if (i.path("id").asString().equals(id)) {
        return i;
      }
    }
    throw new AssertionError(id + " not in " + r.body());
  }

  @Test
  void aProjectHasTheOriginalsFieldsWithItsNamespaceAndCreator() {
    var r = api.anonymous().get(query("numpy", ""));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode p = item(r, flight.id());
    assertThat(p.path("type").asString()).isEqualTo("Project");
    assertThat(p.path("name").asString()).isEqualTo("Flight numpy");
    assertThat(p.path("slug").asString()).isEqualTo("flight-" + s);
    assertThat(p.path("path").asString()).isEqualTo(groupSlug + "/flight-" + s);
    assertThat(p.path("visibility").asString()).isEqualTo("public");
    assertThat(p.path("description").asString()).isEqualTo("flights with numpy");
    assertThat(p.path("creationDate").asString()).startsWith("2024-03-05T10:15:30");
    assertThat(p.path("keywords").toString()).isEqualTo("[\"data\",\"ml\"]");
    assertThat(p.path("repositories").get(0).asString())
        .isEqualTo("https://example.org/flight.git");
    assertThat(p.path("score").isNumber()).isTrue();
    JsonNode ns = p.path("namespace");
    assertThat(ns.path("type").asString()).isEqualTo("Group");
    assertThat(ns.path("id").asString()).isEqualTo(groupId);
    assertThat(ns.path("slug").asString()).isEqualTo(groupSlug);
    assertThat(ns.path("path").asString()).isEqualTo(groupSlug);
    assertThat(ns.path("name").asString()).isEqualTo("Search Group " + s);
    JsonNode by = p.path("createdBy");
    assertThat(by.path("type").asString()).isEqualTo("User");
    assertThat(by.path("id").asString()).isEqualTo(alice.id());
    assertThat(by.path("slug").asString()).isEqualTo(aliceSlug);
    assertThat(by.path("path").asString()).isEqualTo(aliceSlug);
    assertThat(by.path("firstName").asString()).isEqualTo("Alice");
    assertThat(by.path("lastName").asString()).isEqualTo("Searcher");
    // no members or internal fields leak into the answer
    assertThat(p.has("readers")).isFalse();
    assertThat(p.has("owners")).isFalse();
    assertThat(p.has("project_count")).isFalse();
  }

  @Test
  void connectorsUsersAndGroupsHaveTheirFields() {
    var r = api.as(admin).get(query("", "&per_page=100"));
    JsonNode dc = item(r, inFlight.id());
    assertThat(dc.path("type").asString()).isEqualTo("DataConnector");
    assertThat(dc.path("storageType").asString()).isEqualTo("s3");
    assertThat(dc.path("readonly").asBoolean()).isTrue();
    assertThat(dc.path("path").asString())
        .isEqualTo(groupSlug + "/flight-" + s + "/flight-data-" + s);
    assertThat(dc.path("namespace").path("type").asString()).isEqualTo("Project");
    assertThat(dc.path("namespace").path("id").asString()).isEqualTo(flight.id());
    assertThat(dc.path("namespace").path("path").asString()).isEqualTo(groupSlug + "/flight-" + s);
    assertThat(dc.path("createdBy").path("id").asString()).isEqualTo(alice.id());

    JsonNode g = item(r, global.id());
    assertThat(g.has("namespace")).as("a global connector has none").isFalse();
    assertThat(g.path("path").asString()).isEqualTo("envidat-" + s);

    JsonNode user = item(r, alice.id());
    assertThat(user.path("type").asString()).isEqualTo("User");
    assertThat(user.path("slug").asString()).isEqualTo(aliceSlug);
    assertThat(user.path("path").asString()).isEqualTo(aliceSlug);
    assertThat(user.path("firstName").asString()).isEqualTo("Alice");
    assertThat(user.path("lastName").asString()).isEqualTo("Searcher");

    JsonNode grp = item(r, groupId);
    assertThat(grp.path("type").asString()).isEqualTo("Group");
    assertThat(grp.path("name").asString()).isEqualTo("Search Group " + s);
    assertThat(grp.path("description").asString()).isEqualTo("a group");
  }

  @Test
  void aConnectorInAPrivateProjectTheCallerCannotReadHasNoNamespace() {
    var asStranger = api.as(stranger).get(query("id:" + inSecret.id(), ""));
    assertThat(ids(asStranger)).containsExactly(inSecret.id());
    assertThat(item(asStranger, inSecret.id()).has("namespace")).isFalse();
    var asAlice = api.as(alice).get(query("id:" + inSecret.id(), ""));
    assertThat(item(asAlice, inSecret.id()).path("namespace").path("id").asString())
        .isEqualTo(secret.id());
  }

  @Test
  void eachCallerSeesWhatTheyMayRead() {
    Set<String> everything =
        Set.of(
            alice.id(),
            bob.id(),
            groupId,
            flight.id(),
            secret.id(),
            inFlight.id(),
            groupData.id(),
            global.id());
    Set<String> publicOnly =
        Set.of(alice.id(), bob.id(), groupId, flight.id(), inFlight.id(), global.id());
    String all = query("id:" + String.join(",", everything), "&per_page=100");
    assertThat(ids(api.anonymous().get(all))).isEqualTo(publicOnly);
    assertThat(ids(api.as(stranger).get(all))).isEqualTo(publicOnly);
    Set<String> forBob = new HashSet<>(publicOnly);
    forBob.add(groupData.id());
    assertThat(ids(api.as(bob).get(all))).isEqualTo(forBob);
    Set<String> forAlice = new HashSet<>(forBob);
    forAlice.add(secret.id());
    assertThat(ids(api.as(alice).get(all))).isEqualTo(forAlice);
    assertThat(ids(api.as(admin).get(all))).isEqualTo(everything);
    // a term cannot widen what the caller may read
    assertThat(ids(api.as(stranger).get(query("visibility:private", "")))).isEmpty();
    assertThat(ids(api.as(bob).get(query("role:owner", "")))).isEmpty();
    assertThat(ids(api.as(alice).get(query("role:owner type:project", ""))))
        .containsExactly(secret.id());
  }

  @Test
  void pagesWalkThroughAllHitsWithTheHeadersAndTotals() {
    String q = "type:project,dataconnector,group sort:created-asc";
    List<String> seen = new ArrayList<>();
    for (int page = 1; page <= 4; page++) {
      var r = api.as(admin).get(query(q, "&per_page=2&page=" + page));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.header("x-page")).isEqualTo(String.valueOf(page));
      assertThat(r.header("x-per-page")).isEqualTo("2");
      assertThat(r.header("x-total")).isEqualTo("7");
      assertThat(r.header("x-total-pages")).isEqualTo("4");
      JsonNode paging = r.json().path("pagingInfo");
      assertThat(paging.path("page").path("limit").asInt()).isEqualTo(2);
      assertThat(paging.path("page").path("offset").asInt()).isEqualTo((page - 1) * 2);
      assertThat(paging.path("totalResult").asLong()).isEqualTo(7);
      assertThat(paging.path("totalPages").asInt()).isEqualTo(4);
      assertThat(paging.has("prevPage")).isEqualTo(page > 1);
      assertThat(paging.has("nextPage")).isEqualTo(page < 4);
      r.json().path("items").forEach(i -> seen.add(i.path("id").asString()));
    }
    // by creation date, then id (the group, which has no date, last), each exactly once
    assertThat(seen)
        .containsExactly(
            inSecret.id(),
            flight.id(),
            secret.id(),
            inFlight.id(),
            groupData.id(),
            global.id(),
            groupId)
        .doesNotHaveDuplicates();
  }

  @Test
  void facetsCountAllMatchesNotOnlyThePage() {
    var r = api.anonymous().get(query("keyword:data", "&per_page=1"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode facets = r.json().path("facets");
    assertThat(facets.path("entityType").path("Project").asInt()).isEqualTo(1);
    assertThat(facets.path("entityType").path("DataConnector").asInt()).isEqualTo(1);
    assertThat(facets.path("entityType").path("User").asInt()).isZero();
    assertThat(facets.path("entityType").has("Group")).isTrue();
    assertThat(facets.path("keywords").path("data").asInt()).isEqualTo(2);
    assertThat(facets.path("keywords").path("ml").asInt()).isEqualTo(1);
    assertThat(r.json().path("items").size()).isEqualTo(1);
    // alice also sees her private project
    var mine = api.as(alice).get(query("keyword:data", ""));
    assertThat(mine.json().path("facets").path("keywords").path("data").asInt()).isEqualTo(3);
  }

  @Test
  void includeCountsAddsTheReadableProjectsAndConnectorsOfUsersAndGroups() {
    String q =
        query("id:" + groupId + "," + alice.id() + "," + flight.id(), "&include_counts=true");
    var anonymous = api.anonymous().get(q);
    assertThat(item(anonymous, groupId).path("project_count").asInt()).isEqualTo(1);
    assertThat(item(anonymous, groupId).path("data_connector_count").asInt()).isZero();
    assertThat(item(anonymous, alice.id()).path("project_count").asInt()).isZero();
    assertThat(item(anonymous, flight.id()).has("project_count")).isFalse();

    var asBob = api.as(bob).get(q);
    assertThat(item(asBob, groupId).path("data_connector_count").asInt()).isEqualTo(1);
    assertThat(item(asBob, alice.id()).path("project_count").asInt()).isZero();

    var asAlice = api.as(alice).get(q);
    assertThat(item(asAlice, alice.id()).path("project_count").asInt()).isEqualTo(1);
    assertThat(item(asAlice, groupId).path("project_count").asInt()).isEqualTo(1);

    var without = api.as(alice).get(q.replace("include_counts=true", "include_counts=false"));
    assertThat(item(without, alice.id()).has("project_count")).isFalse();
    assertThat(item(without, groupId).has("data_connector_count")).isFalse();
  }

  @Test
  void pagesOutOfBoundsAre422NamingTheParameter() {
    for (var c :
        Map.of(
                "&page=0", "page",
                "&page=-3", "page",
                "&per_page=0", "per_page",
                "&per_page=101", "per_page",
                "&page=abc", "page",
                "&per_page=", "per_page")
            .entrySet()) {
      var r = api.anonymous().get(query("", c.getKey()));
      if (c.getKey().equals("&per_page=")) {
        // an empty value is the default
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        continue;
      }
      assertThat(r.status()).as(c.getKey() + " " + r.body()).isEqualTo(422);
      assertThat(r.errorCode()).isEqualTo(1422);
      assertThat(r.json().path("error").path("message").asString()).contains(c.getValue());
    }
    var far = api.anonymous().get(query("", "&page=1000000&per_page=100"));
    assertThat(far.status()).as(far.body()).isEqualTo(200);
    assertThat(far.json().path("items").size()).isZero();
    assertThat(far.header("x-total")).isEqualTo("7"); // the public ones
  }

  @Test
  void reprovisioningIsForAdminsAndOneAtATime() {
    String path = "search/reprovision";
    for (String method : List.of("POST", "GET", "DELETE")) {
      assertThat(api.anonymous().send(method, path, null).status()).as(method).isEqualTo(401);
      assertThat(api.as(alice).send(method, path, null).status()).as(method).isEqualTo(403);
    }
    Api boss = api.as(admin);
    boss.delete(path); // whatever an earlier run left
    assertThat(boss.get(path).status()).isEqualTo(404);
    var started = boss.post(path, null);
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String id = started.field("id");
    assertThat(id).hasSize(26);
    assertThat(started.field("start_date")).isNotBlank();
    assertThat(
            jdbc.sql("SELECT requested_by FROM search.reprovisioning WHERE id = ?")
                .param(id)
                .query(String.class)
                .single())
        .isEqualTo(admin.id());
    var again = boss.post(path, null);
    assertThat(again.status()).as(again.body()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo(1409);
    var status = boss.get(path);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.field("id")).isEqualTo(id);
    assertThat(status.field("start_date")).isEqualTo(started.field("start_date"));
    assertThat(boss.delete(path).status()).isEqualTo(204);
    assertThat(boss.get(path).status()).isEqualTo(404);
    assertThat(boss.delete(path).status()).isEqualTo(204);
    assertThat(jdbc.sql("SELECT count(*) FROM search.reprovisioning").query(Long.class).single())
        .isZero();
  }

  @Test
  void randomQueriesNeverAnswer5xx() {
    long seed = System.nanoTime();
    RandomQueries queries = new RandomQueries(seed);
    List<Api> callers = List.of(api.anonymous(), api.as(alice), api.as(stranger), api.as(admin));
    java.util.Random random = new java.util.Random(seed);
    int answered = 0;
    // A thousand through the whole service; the search module's random tests send many more
    // straight to the query builder and Solr.
    for (int i = 0; i < 1000; i++) {
      String q = queries.next();
      String more =
          "&page="
              + (1 + random.nextInt(3))
              + "&per_page="
              + (1 + random.nextInt(100))
              + "&include_counts="
              + random.nextBoolean();
      var r = callers.get(i % callers.size()).get(query(q, more));
      assertThat(r.status()).as("seed %d, q=%s: %s", seed, q, r.body()).isLessThan(500);
      if (r.status() == 200) {
        answered++;
        assertThat(r.json().path("items").isArray()).isTrue();
      } else {
        // a request the firewall refuses (e.g. a NUL in the query string): the envelope, no trace
        assertThat(r.status()).as("seed %d, q=%s: %s", seed, q, r.body()).isIn(400, 422);
        assertThat(r.json().path("error").path("message").asString()).doesNotContain("Exception");
      }
    }
    assertThat(answered).as("seed %d", seed).isGreaterThan(900);
  }
}

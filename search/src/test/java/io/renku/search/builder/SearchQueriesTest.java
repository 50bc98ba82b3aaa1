package io.renku.search.builder;

import static io.renku.search.builder.SearchFixture.ALICE;
import static io.renku.search.builder.SearchFixture.BOB;
import static io.renku.search.builder.SearchFixture.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.search.query.QueryParser;
import io.renku.search.solr.SearchDocument;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every field and example of the query language against the fixture, on embedded Solr. */
class SearchQueriesTest {
  static SolrClient solr;
  static SearchQueries queries;

  static final Caller ANON = Caller.anonymous();
  static final Caller AS_ALICE = Caller.user(ALICE);
  static final Caller AS_BOB = Caller.user(BOB);
  static final Caller AS_CAROL = Caller.user(CAROL);
  static final Caller AS_ADMIN = Caller.admin("u-admin");

  @BeforeAll
  static void start() throws Exception {
    solr = SearchFixture.startSolr("renku-search-builder");
    SearchFixture.load(solr, SearchFixture.ALL);
    queries = new SearchQueries(solr, SearchFixture.CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  static SearchResult search(String q, Caller caller) throws Exception {
    return queries.search(QueryParser.parse(q), caller, new PageRequest(1, 100));
  }

  static List<String> ids(String q, Caller caller) throws Exception {
    return search(q, caller).items().stream().map(i -> i.document().id()).toList();
  }

  // --- the examples of the reference (renku-ui-search-peers.md §2.6)

  @Test
  void freeTextNeedsEveryWordAndIsFuzzy() throws Exception {
    assertThat(ids("numpy flight", AS_ALICE)).containsExactly("p1");
    assertThat(ids("numpi fligt", AS_ALICE)).containsExactly("p1");
    assertThat(ids("numpy", AS_ALICE)).containsExactlyInAnyOrder("p1", "p4");
    // two letters: exact, not fuzzy (two edits would match every short word)
    assertThat(ids("ml", AS_ALICE)).containsExactlyInAnyOrder("p1", "p2", "p4");
    assertThat(ids("numpy flight visibility:public,private", AS_ALICE)).containsExactly("p1");
  }

  @Test
  void anExactNameRanksFirstAndFreeTextSearchesSlugsAndUserNames() throws Exception {
    assertThat(ids("bobs numpy", AS_ALICE)).first().isEqualTo("p4");
    assertThat(ids("bobs-numpy", AS_ALICE)).first().isEqualTo("p4");
    assertThat(ids("Liddell", ANON)).containsExactly(ALICE);
  }

  @Test
  void keywordsOrWithinATermAndAcrossTerms() throws Exception {
    assertThat(ids("type:project keyword:\"data science\",ml keyword:health", AS_ALICE))
        .containsExactly("p2");
    assertThat(ids("type:project keyword:\"data science\",ml", AS_ALICE))
        .containsExactlyInAnyOrder("p1", "p2", "p4");
    assertThat(ids("keyword:\"Data Science\"", ANON)).containsExactly("p1");
    assertThat(ids("keyword:data", ANON)).isEmpty();
  }

  @Test
  void typesNamespaceCreatedAfterAndSortByCreated() throws Exception {
    assertThat(
            ids(
                "type:project,dataconnector namespace:sdsc created>today-30d sort:created-desc",
                AS_ALICE))
        .containsExactly("dc2", "p3");
    // below the namespace, and never a sibling that only shares the prefix
    assertThat(ids("namespace:sdsc", AS_ADMIN)).containsExactlyInAnyOrder("p1", "p3", "dc2");
    assertThat(ids("namespace:sdsc/internal", AS_ADMIN)).containsExactly("dc2");
    assertThat(ids("namespace:sdsc-other", AS_ADMIN)).containsExactly("p5");
  }

  @Test
  void rolesAreTheCallersDirectRoles() throws Exception {
    assertThat(ids("role:owner,editor type:project", AS_BOB)).containsExactlyInAnyOrder("p3", "p4");
    assertThat(ids("role:owner", AS_ALICE)).containsExactlyInAnyOrder("p2", "g-sdsc");
    assertThat(ids("role:viewer", AS_BOB)).containsExactly("g-sdsc");
    assertThat(ids("role:owner,editor,viewer", ANON)).isEmpty();
    assertThat(ids("role:owner", AS_ADMIN)).isEmpty();
  }

  @Test
  void directAndInheritedMembersByUsernameOrId() throws Exception {
    assertThat(ids("type:group direct_member:@alice", ANON)).containsExactly("g-sdsc");
    assertThat(ids("direct_member:@bob type:project", AS_ADMIN))
        .containsExactlyInAnyOrder("p3", "p4");
    assertThat(ids("direct_member:" + BOB + " type:project", AS_ADMIN))
        .containsExactlyInAnyOrder("p3", "p4");
    // both must be members
    assertThat(ids("inherited_member:@alice,@bob", AS_ADMIN))
        .containsExactlyInAnyOrder("g-sdsc", "p1", "p3", "dc2");
    assertThat(ids("inherited_member:@alice inherited_member:@bob", AS_ADMIN))
        .containsExactlyInAnyOrder("g-sdsc", "p1", "p3", "dc2");
    assertThat(ids("inherited_member:@alice type:DataConnector", AS_ADMIN)).containsExactly("dc2");
    // the member terms do not widen what the caller may see
    assertThat(ids("inherited_member:@alice,@bob", ANON)).containsExactlyInAnyOrder("g-sdsc", "p1");
    assertThat(ids("direct_member:@nobody", AS_ADMIN)).isEmpty();
    assertThat(ids("direct_member:@alice,@nobody", AS_ADMIN)).isEmpty();
  }

  @Test
  void doiAndPublisherIgnoringCase() throws Exception {
    assertThat(ids("type:dataconnector doi:10.16904/envidat.714", ANON)).containsExactly("dc1");
    assertThat(ids("doi:10.16904/ENVIDAT.714", ANON)).containsExactly("dc1");
    assertThat(ids("type:dataconnector publisher_name:EnviDat", ANON)).containsExactly("dc1");
    assertThat(ids("publisher_name:envidat", ANON)).containsExactly("dc1");
    assertThat(ids("type:project doi:10.16904/envidat.714", ANON)).isEmpty();
  }

  @Test
  void createdInMonthsSortedByName() throws Exception {
    assertThat(ids("created:2024-01,2024-02 sort:name-asc", AS_ADMIN))
        .containsExactly("p4", "dc2", "p3"); // Bobs Numpy, Internal Bucket, Internal Tools
    assertThat(ids("created:2023-03,2023-06 sort:name-desc", AS_ADMIN)).containsExactly("p5", "p1");
  }

  @Test
  void createdWindowsAndComparisons() throws Exception {
    // 2023-04-17T00:00:00 .. 2023-05-15T23:59:59
    assertThat(ids("created:2023-05-01/14d", AS_ADMIN)).containsExactly("p2");
    assertThat(ids("created>today-7d", AS_ADMIN)).containsExactly("p4");
    // < before the start of the range, > after its end
    assertThat(ids("created<2023-04", AS_ADMIN)).containsExactly("p1");
    assertThat(ids("created>2024-01-25", AS_ADMIN)).containsExactly("p4");
    assertThat(ids("created:2024-01-25", AS_ADMIN)).containsExactly("dc2");
    assertThat(ids("created:2023-03-15T10:00:00Z", AS_ADMIN)).containsExactly("p1");
    assertThat(ids("created:yesterday", AS_ADMIN)).isEmpty();
  }

  @Test
  void idNameSlugCreatedByVisibilityAndType() throws Exception {
    assertThat(ids("id:p1,p4", ANON)).containsExactlyInAnyOrder("p1", "p4");
    assertThat(ids("name:\"internal tools\"", AS_BOB)).containsExactly("p3");
    assertThat(ids("name:numpy", ANON)).containsExactlyInAnyOrder("p1", "p4");
    assertThat(ids("slug:Flight-Numpy", ANON)).containsExactly("p1");
    assertThat(ids("createdby:" + BOB, ANON)).containsExactly("p4");
    assertThat(ids("visibility:private", AS_ALICE)).containsExactlyInAnyOrder("p2", "p3", "dc2");
    assertThat(ids("visibility:private", AS_BOB)).containsExactlyInAnyOrder("p3", "dc2");
    assertThat(ids("type:user", ANON)).containsExactlyInAnyOrder(ALICE, BOB, CAROL);
    assertThat(ids("type:user type:group", ANON)).isEmpty();
  }

  // --- visibility

  @Test
  void everyCallerSeesExactlyWhatItMayRead() throws Exception {
    List<String> publicOnes = List.of(ALICE, BOB, CAROL, "g-sdsc", "p1", "p4", "p5", "dc1");
    assertThat(ids("", ANON)).containsExactlyInAnyOrderElementsOf(publicOnes);
    assertThat(ids("", AS_CAROL)).containsExactlyInAnyOrderElementsOf(publicOnes);
    assertThat(ids("", AS_BOB))
        .containsExactlyInAnyOrderElementsOf(concat(publicOnes, List.of("p3", "dc2")));
    assertThat(ids("", AS_ALICE))
        .containsExactlyInAnyOrderElementsOf(concat(publicOnes, List.of("p2", "p3", "dc2")));
    assertThat(ids("", AS_ADMIN))
        .containsExactlyInAnyOrderElementsOf(
            SearchFixture.ALL.stream().map(SearchDocument::id).toList());
  }

  @Test
  void valuesCannotChangeTheQuerysStructure() throws Exception {
    for (String q :
        List.of(
            "id:*",
            "id:\"* OR visibility:private\"",
            "name:\"x\\\" OR *:*\"",
            "keyword:OR",
            "keyword:AND,NOT",
            "namespace:*",
            "slug:\"a) OR (*:*\"",
            "createdby:[* TO *]",
            "secret) OR (visibility:private",
            "OR AND NOT",
            "\\",
            "\"",
            "* ? ~ ^ { } [ ] ( ) : ! && ||",
            "{!lucene}visibility:private",
            "direct_member:\"x OR *\"")) {
      SearchResult r = search(q, AS_CAROL);
      assertThat(r.items())
          .as(q)
          .allMatch(i -> !List.of("p2", "p3", "dc2").contains(i.document().id()));
    }
    assertThat(ids("id:*", ANON)).isEmpty();
    assertThat(ids("keyword:OR", ANON)).isEmpty();
  }

  @Test
  void aQueryBeyondTheClauseBudgetMatchesNothingInsteadOfFailing() throws Exception {
    StringBuilder q = new StringBuilder("keyword:ml");
    for (int i = 0; i < SearchQueryBuilder.MAX_FILTER_CLAUSES; i++) {
      q.append(",k").append(i);
    }
    assertThat(ids(q.toString(), AS_ADMIN)).isEmpty();
    assertThat(ids("keyword:ml,k1,k2", AS_ADMIN)).containsExactlyInAnyOrder("p1", "p2", "p4");
    // free text past the word limit is ignored, not an error
    assertThat(ids("numpy " + "flight ".repeat(100), AS_ALICE)).containsExactly("p1");
  }

  // --- facets and paging

  @Test
  void facetsCountTypesAndKeywordsOverAllMatches() throws Exception {
    SearchResult r = queries.search(QueryParser.parse(""), AS_ALICE, new PageRequest(1, 2));
    assertThat(r.items()).hasSize(2);
    assertThat(r.facets().entityType())
        .isEqualTo(Map.of("Project", 5L, "User", 3L, "Group", 1L, "DataConnector", 2L));
    assertThat(r.facets().keywords())
        .isEqualTo(Map.of("ml", 3L, "data science", 1L, "health", 1L, "disease", 1L, "tools", 2L));
    SearchResult typed = search("type:user", ANON);
    assertThat(typed.facets().entityType())
        .isEqualTo(Map.of("Project", 0L, "User", 3L, "Group", 0L, "DataConnector", 0L));
    assertThat(typed.facets().keywords()).isEmpty();
  }

  @Test
  void pagesWalkEveryHitOnceInAStableOrder() throws Exception {
    List<String> all = ids("sort:name-asc", AS_ADMIN);
    assertThat(all).hasSize(SearchFixture.ALL.size());
    List<String> walked = new java.util.ArrayList<>();
    for (int page = 1; page <= 4; page++) {
      SearchResult r =
          queries.search(QueryParser.parse("sort:name-asc"), AS_ADMIN, new PageRequest(page, 3));
      r.items().forEach(i -> walked.add(i.document().id()));
      assertThat(r.pagingInfo().totalResult()).isEqualTo(11);
      assertThat(r.pagingInfo().totalPages()).isEqualTo(4);
      assertThat(r.pagingInfo().prevPage()).isEqualTo(page == 1 ? null : page - 1);
      assertThat(r.pagingInfo().nextPage()).isEqualTo(page == 4 ? null : page + 1);
    }
    assertThat(walked).isEqualTo(all);
    // users and groups have no creation date: sorting by it still answers, with them last
    List<String> byCreated = ids("sort:created-asc,name-asc", AS_ADMIN);
    assertThat(byCreated).hasSize(11);
    assertThat(byCreated.subList(0, 7)).containsExactly("p1", "p2", "p5", "dc1", "p3", "dc2", "p4");
    // same with relevance order (equal scores: by id)
    assertThat(ids("", AS_ADMIN)).isEqualTo(ids("", AS_ADMIN).stream().sorted().toList());

    SearchResult beyond =
        queries.search(QueryParser.parse(""), AS_ADMIN, new PageRequest(1_000_000, 100));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.pagingInfo().totalResult()).isEqualTo(11);
    assertThat(beyond.facets().entityType().get("Project")).isEqualTo(5L);
  }

  @Test
  void itemsAreTheDocumentsAsStored() throws Exception {
    SearchResult r = search("id:dc2", AS_ALICE);
    assertThat(r.items()).hasSize(1);
    assertThat(r.items().getFirst().document()).isEqualTo(SearchFixture.DC2);
    assertThat(search("numpy", ANON).items()).allMatch(i -> i.score() > 0);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}

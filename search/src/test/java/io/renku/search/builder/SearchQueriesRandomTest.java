package io.renku.search.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.renku.search.query.Query;
import io.renku.search.query.QueryParser;
import io.renku.search.solr.DataConnectorDocument;
import io.renku.search.solr.GroupDocument;
import io.renku.search.solr.Members;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.SearchDocument;
import io.renku.search.solr.UserDocument;
import io.renku.search.solr.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A random world (users, groups, projects, connectors, random memberships and visibilities) and
 * thousands of random query strings through parse, build and Solr: none throws, and no answer holds
 * a document the caller may not read (checked against the world as generated, not as stored). The
 * seed is in every failure message.
 */
class SearchQueriesRandomTest {
  static final long WORLD_SEED = System.nanoTime();
  static final int USERS = 8;
  static final List<String> WORDS =
      List.of("numpy", "flight", "climate", "snow", "genome", "tools", "data", "ml", "deep");

  static SolrClient solr;
  static SearchQueries queries;
  static final Map<String, SearchDocument> world = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    solr = SearchFixture.startSolr("renku-search-random");
    Random r = new Random(WORLD_SEED);
    List<SearchDocument> docs = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      docs.add(
          new UserDocument(userId(i), "user" + i, WORDS.get(r.nextInt(WORDS.size())), "L" + i));
    }
    List<String> namespaces = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      namespaces.add("user" + i);
    }
    for (int g = 0; g < 3; g++) {
      docs.add(new GroupDocument("g" + g, "group" + g, name(r), null, members(r)));
      namespaces.add("group" + g);
    }
    for (int p = 0; p < 40; p++) {
      String ns = namespaces.get(r.nextInt(namespaces.size()));
      docs.add(
          new ProjectDocument(
              "p" + p,
              "proj" + p,
              name(r),
              ns,
              r.nextBoolean() ? Visibility.PUBLIC : Visibility.PRIVATE,
              userId(r.nextInt(USERS)),
              date(r),
              List.of(),
              name(r),
              keywords(r),
              members(r)));
      namespaces.add(ns + "/proj" + p);
    }
    for (int d = 0; d < 20; d++) {
      boolean global = r.nextInt(4) == 0;
      docs.add(
          new DataConnectorDocument(
              "dc" + d,
              "conn" + d,
              name(r),
              global ? null : namespaces.get(r.nextInt(namespaces.size())),
              global ? "doi" : "s3",
              r.nextBoolean(),
              r.nextBoolean() ? Visibility.PUBLIC : Visibility.PRIVATE,
              userId(r.nextInt(USERS)),
              date(r),
              null,
              keywords(r),
              global ? "10.1234/x." + d : null,
              global ? "EnviDat" : null,
              global ? Members.NONE : members(r)));
    }
    docs.forEach(d -> world.put(d.id(), d));
    SearchFixture.load(solr, docs);
    queries = new SearchQueries(solr, SearchFixture.CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  static String userId(int i) {
    return "uid-" + i;
  }

  static String name(Random r) {
    return WORDS.get(r.nextInt(WORDS.size())) + " " + WORDS.get(r.nextInt(WORDS.size()));
  }

  static List<String> keywords(Random r) {
    Set<String> out = new HashSet<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      out.add(WORDS.get(r.nextInt(WORDS.size())));
    }
    return List.copyOf(out);
  }

  static Instant date(Random r) {
    return Instant.parse("2022-01-01T00:00:00Z").plusSeconds(r.nextLong(3L * 365 * 24 * 3600));
  }

  static Members members(Random r) {
    Set<String> owners = new HashSet<>();
    Set<String> editors = new HashSet<>();
    Set<String> viewers = new HashSet<>();
    Set<String> direct = new HashSet<>();
    for (int i = 0; i < USERS; i++) {
      switch (r.nextInt(6)) {
        case 0 -> owners.add(userId(i));
        case 1 -> editors.add(userId(i));
        case 2 -> viewers.add(userId(i));
        default -> {}
      }
    }
    for (String u : owners) {
      if (r.nextBoolean()) {
        direct.add(u);
      }
    }
    for (String u : editors) {
      if (r.nextBoolean()) {
        direct.add(u);
      }
    }
    return new Members(owners, editors, viewers, direct);
  }

  static List<Caller> callers() {
    List<Caller> out = new ArrayList<>();
    out.add(Caller.anonymous());
    for (int i = 0; i < USERS; i++) {
      out.add(Caller.user(userId(i)));
    }
    out.add(Caller.user("uid-stranger"));
    out.add(Caller.admin("uid-admin"));
    return out;
  }

  /** What the world says the caller may read. */
  static boolean mayRead(Caller caller, SearchDocument doc) {
    return switch (caller) {
      case Caller.Admin a -> true;
      case Caller.Anonymous a -> doc.visibility() == Visibility.PUBLIC;
      case Caller.User(String id) ->
          doc.visibility() == Visibility.PUBLIC || doc.members().readers().contains(id);
    };
  }

  @Test
  void withoutAQueryEveryCallerSeesExactlyWhatItMayRead() throws Exception {
    for (Caller caller : callers()) {
      Set<String> expected =
          world.values().stream()
              .filter(d -> mayRead(caller, d))
              .map(SearchDocument::id)
              .collect(Collectors.toSet());
      SearchResult r = queries.search(Query.empty(), caller, new PageRequest(1, 100));
      assertThat(r.items().stream().map(i -> i.document().id()).collect(Collectors.toSet()))
          .as("seed " + WORLD_SEED + ", " + caller)
          .isEqualTo(expected);
      assertThat(r.pagingInfo().totalResult()).isEqualTo(expected.size());
    }
  }

  private static final String CHARS =
      "abcXYZ019 :<>,\"\\@-+/._dDTZz*?~^(){}[]!&|'\t\n\u00A0\u3000éßİ\uD83D\uDE00中";

  private static final List<String> PIECES =
      List.of(
          "type:",
          "id:",
          "name:",
          "slug:",
          "visibility:",
          "created:",
          "created<",
          "created>",
          "createdby:",
          "role:",
          "keyword:",
          "namespace:",
          "direct_member:",
          "inherited_member:",
          "doi:",
          "publisher_name:",
          "sort:",
          ",",
          ", ",
          " ",
          " ",
          " ",
          "\"",
          "\\",
          "@user1",
          "@user3",
          "@nobody",
          "uid-2",
          "uid-5",
          "project",
          "group",
          "user",
          "dataconnector",
          "public",
          "private",
          "owner",
          "editor",
          "viewer",
          "today",
          "yesterday-7d",
          "2023",
          "2023-05",
          "2024-02-30",
          "0000",
          "9999-12-31T23:59:59Z",
          "1999/99999d",
          "0001-99999d",
          "name-asc",
          "created-desc",
          "score-asc",
          "group1",
          "user2/proj3",
          "numpy",
          "snow",
          "deep",
          "OR",
          "AND",
          "NOT",
          "*",
          "*:*",
          "(",
          ")",
          "[* TO *]",
          "{!lucene}",
          "~",
          "^10",
          "&&",
          "||",
          "10.1234/x.3",
          "EnviDat");

  @Test
  void randomCharacters() throws Exception {
    run(
        r -> {
          StringBuilder b = new StringBuilder();
          for (int i = r.nextInt(60); i > 0; i--) {
            b.append(CHARS.charAt(r.nextInt(CHARS.length())));
          }
          return b.toString();
        });
  }

  /** Long runs that analyzers split into many tokens or that make large automatons. */
  private static final List<String> LONG_PIECES =
      List.of(
          "a-".repeat(60), "中".repeat(120), "x".repeat(400), "a/".repeat(200), "Ab1.".repeat(30));

  @Test
  void randomPiecesOfTheLanguage() throws Exception {
    run(
        r -> {
          StringBuilder b = new StringBuilder();
          for (int i = r.nextInt(20); i > 0; i--) {
            b.append(
                r.nextInt(12) == 0
                    ? LONG_PIECES.get(r.nextInt(LONG_PIECES.size()))
                    : PIECES.get(r.nextInt(PIECES.size())));
          }
          return b.toString();
        });
  }

  @Test
  void hugeQueriesAnswer() throws Exception {
    Random r = new Random(WORLD_SEED);
    StringBuilder pieces = new StringBuilder();
    while (pieces.length() < 200_000) {
      pieces.append(PIECES.get(r.nextInt(PIECES.size())));
    }
    List<String> inputs =
        List.of(
            pieces.toString(),
            "numpy ".repeat(5_000),
            "keyword:" + "a,".repeat(3_000) + "b",
            "x".repeat(10_000) + " " + "y".repeat(300),
            "created:2023-01".repeat(1) + " created:2023-02,2023-03".repeat(2_000));
    for (String input : inputs) {
      for (Caller caller : List.of(Caller.anonymous(), Caller.user(userId(1)))) {
        check(input, caller, "seed " + WORLD_SEED + ", huge input " + input.length());
      }
    }
  }

  private static void run(Function<Random, String> generator) throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<Caller> callers = callers();
    for (int i = 0; i < 1000; i++) {
      String input = generator.apply(random);
      Caller caller = callers.get(random.nextInt(callers.size()));
      check(
          input,
          caller,
          "world " + WORLD_SEED + ", seed " + seed + ", run " + i + ", input [" + input + "]");
    }
  }

  private static void check(String input, Caller caller, String context) throws Exception {
    SearchResult[] result = new SearchResult[1];
    PageRequest page = new PageRequest(1, 100);
    assertThatCode(() -> result[0] = queries.search(QueryParser.parse(input), caller, page))
        .as(context + ", " + caller)
        .doesNotThrowAnyException();
    for (SearchResult.Item item : result[0].items()) {
      SearchDocument truth = world.get(item.document().id());
      assertThat(truth).as(context).isNotNull();
      assertThat(mayRead(caller, truth))
          .as(context + ", " + caller + " got " + truth.id())
          .isTrue();
    }
    long readable = world.values().stream().filter(d -> mayRead(caller, d)).count();
    assertThat(result[0].pagingInfo().totalResult()).as(context).isLessThanOrEqualTo(readable);
    long faceted = result[0].facets().entityType().values().stream().mapToLong(l -> l).sum();
    assertThat(faceted).as(context).isEqualTo(result[0].pagingInfo().totalResult());
  }
}

package io.renku.search.builder;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.search.query.QueryParser;
import io.renku.search.solr.Members;
import io.renku.search.solr.Visibility;
import java.util.List;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Words found as typed in what the caller may read are matched exactly; the others fuzzily (for
 * typos). Whether a private document holds a word must not change what a stranger finds.
 */
class ExactWordsTest {
  static SolrClient solr;
  static SearchQueries queries;

  static final Caller AS_ALICE = Caller.user(SearchFixture.ALICE);
  static final Caller AS_CAROL = Caller.user(SearchFixture.CAROL);

  @BeforeAll
  static void start() throws Exception {
    solr = SearchFixture.startSolr("renku-search-exact");
    Members alice =
        new Members(Set.of(SearchFixture.ALICE), Set.of(), Set.of(), Set.of(SearchFixture.ALICE));
    SearchFixture.load(
        solr,
        List.of(
            SearchFixture.project(
                "hidden",
                "alice",
                "quokka-survey",
                "Quokka Survey",
                Visibility.PRIVATE,
                "2024-01-01T00:00:00Z",
                List.of(),
                alice),
            SearchFixture.project(
                "open",
                "alice",
                "quokku-census",
                "Quokku Census",
                Visibility.PUBLIC,
                "2024-01-01T00:00:00Z",
                List.of(),
                alice),
            SearchFixture.project(
                "typo",
                "alice",
                "platypus-census",
                "Platypus Census",
                Visibility.PUBLIC,
                "2024-01-01T00:00:00Z",
                List.of(),
                alice)));
    queries = new SearchQueries(solr, SearchFixture.CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  static List<String> ids(String q, Caller caller) throws Exception {
    return queries.search(QueryParser.parse(q), caller, new PageRequest(1, 100)).items().stream()
        .map(i -> i.document().id())
        .toList();
  }

  @Test
  void aWordFoundAsTypedIsNotExpanded() throws Exception {
    // Alice reads "Quokka Survey": the word is there, so the near "quokku" is not added.
    assertThat(ids("quokka", AS_ALICE)).containsExactly("hidden");
    // A typo found nowhere is still matched fuzzily.
    assertThat(ids("platipus", AS_ALICE)).containsExactly("typo");
    assertThat(ids("cenzus", AS_CAROL)).containsExactlyInAnyOrder("open", "typo");
  }

  @Test
  void aWordOnlyInAPrivateDocumentDoesNotChangeWhatAStrangerFinds() throws Exception {
    // Carol may not read "Quokka Survey": for her the word is found nowhere, so it is fuzzy and
    // finds the public "Quokku Census", exactly as if the private project did not exist.
    assertThat(ids("quokka", AS_CAROL)).containsExactly("open");
    assertThat(ids("quokka", Caller.anonymous())).containsExactly("open");
  }

  @Test
  void fuzzyWordsAreTheFirstFiveOfThreeCharactersOrMore() {
    assertThat(
            SearchQueryBuilder.fuzzyWords(
                QueryParser.parse("ML Quokka type:project quokka ab Census a b c d e f")))
        .containsExactly("quokka", "census");
    assertThat(SearchQueryBuilder.fuzzyWords(QueryParser.parse("type:project"))).isEmpty();
  }
}

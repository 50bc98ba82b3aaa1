package io.renku.search.builder;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.renku.search.query.QueryParser;
import io.renku.search.solr.Members;
import io.renku.search.solr.ProjectDocument;
import io.renku.search.solr.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An index with many words close to the ones searched: every fuzzy word expands to many terms, and
 * the longest free text must still stay below Lucene's clause limit.
 */
class FuzzyExpansionTest {
  static SolrClient solr;
  static SearchQueries queries;

  @BeforeAll
  static void start() throws Exception {
    solr = SearchFixture.startSolr("renku-search-fuzzy");
    List<ProjectDocument> docs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // numpy with one or two letters changed or added: all within two edits of "numpyx"
      String word = "numpy" + (char) ('a' + i % 26) + (char) ('a' + i / 26);
      docs.add(
          new ProjectDocument(
              "f" + i,
              "s" + i,
              word + " " + word.replace('n', 'm'),
              "ns",
              Visibility.PUBLIC,
              "u",
              Instant.parse("2024-01-01T00:00:00Z"),
              List.of(),
              word,
              List.of(),
              Members.NONE));
    }
    SearchFixture.load(solr, docs);
    queries = new SearchQueries(solr, SearchFixture.CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  @Test
  void textOfManyTokensAnswers() throws Exception {
    for (String text :
        List.of(
            "a-".repeat(5_000),
            "中文".repeat(2_000),
            "numpya-".repeat(1_000),
            "numpya ".repeat(3) + "x-".repeat(3_000),
            "numpyab ".repeat(5) + "中".repeat(300),
            "name:\"" + "a ".repeat(3_000) + "\"",
            "name:\"" + "中".repeat(3_000) + "\",\"" + "b-".repeat(3_000) + "\"",
            "namespace:" + "a/".repeat(3_000),
            "namespace:" + "a/".repeat(150) + ",x" + "-".repeat(299),
            "name:" + String.join(",", java.util.Collections.nCopies(1, "b-".repeat(49) + "c")),
            "name:" + "中".repeat(99) + "," + "Ab1-".repeat(24) + "," + "a.".repeat(49),
            manyNames())) {
      assertThatCode(
              () ->
                  queries.search(QueryParser.parse(text), Caller.anonymous(), PageRequest.first()))
          .as(text.substring(0, Math.min(text.length(), 20)))
          .doesNotThrowAnyException();
    }
  }

  /** As many long punctuated names as the clause budget lets through. */
  private static String manyNames() {
    StringBuilder b = new StringBuilder("name:n");
    for (int i = 0; i < SearchQueryBuilder.MAX_FILTER_CLAUSES / 50 - 1; i++) {
      b.append(",").append((char) ('a' + i)).append("-x".repeat(48)).append("-y");
    }
    return b.toString();
  }

  @Test
  void theLongestFreeTextOfCloseWordsAnswers() throws Exception {
    // distinct words (Lucene merges equal clauses), each within two edits of dozens of indexed
    // words: fuzzy, each would expand to 2 x 50 clauses
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < SearchQueryBuilder.MAX_WORDS; i++) {
      q.append("numpy").append((char) ('a' + i % 26)).append(i < 26 ? "z " : "y ");
    }
    assertThatCode(
            () ->
                queries.search(
                    QueryParser.parse(q.toString()), Caller.anonymous(), PageRequest.first()))
        .doesNotThrowAnyException();
  }
}

package io.renku.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random strings: parsing never throws, and every result renders to a text that parses
 * to the same query and renders the same again. The seed is in every failure message.
 */
class RandomQueryTest {

  private static final int RUNS = 4000;

  private static final String CHARS =
      "abcXYZ019 :<>,\"\\@-+/._dDTZz\t\n\r\u000B\f\u00A0\u0085\u2028\u3000\u200B"
          + "éßİıſK\u212A\u210C\uFB01\u0301\u00E9ö\uD83D\uDE00\uD800\uDFFF中文";

  private static final List<String> PIECES =
      List.of(
          "type",
          "TYPE",
          "Type",
          "id",
          "name",
          "slug",
          "visibility",
          "created",
          "createdby",
          "createdBy",
          "role",
          "keyword",
          "namespace",
          "direct_member",
          "inherited_member",
          "doi",
          "publisher_name",
          "sort",
          "SORT",
          "foo",
          ":",
          ":",
          ":",
          "<",
          ">",
          ",",
          ",",
          ", ",
          ",\t ",
          "\"",
          "\"",
          "\\",
          "\\\"",
          "\\\\",
          " ",
          " ",
          "  ",
          "\n",
          "\u00A0",
          "@",
          "@",
          "-",
          "project",
          "Group",
          "user",
          "dataconnector",
          "DataConnector",
          "public",
          "private",
          "owner",
          "editor",
          "viewer",
          "prohibited",
          "today",
          "yesterday",
          "2023",
          "1999",
          "0999",
          "-05",
          "-1",
          "-13",
          "-02-30",
          "T10",
          "T24",
          ":30",
          ":00",
          "Z",
          "z",
          "+",
          "/",
          "7d",
          "12D",
          "0d",
          "99999d",
          "100000d",
          "name-asc",
          "created-desc",
          "score-desc",
          "name-",
          "a b",
          "john.doe",
          "Jöhn",
          ".git",
          "--",
          "é",
          "ﬁ",
          "\u212A",
          "\uD83D\uDE00",
          "中");

  @Test
  void randomCharacters() {
    run(
        r -> {
          StringBuilder b = new StringBuilder();
          int len = r.nextInt(60);
          for (int i = 0; i < len; i++) {
            b.append(CHARS.charAt(r.nextInt(CHARS.length())));
          }
          return b.toString();
        });
  }

  @Test
  void randomMixesOfFieldNamesQuotesCommasAndColons() {
    run(
        r -> {
          StringBuilder b = new StringBuilder();
          int len = r.nextInt(25);
          for (int i = 0; i < len; i++) {
            b.append(PIECES.get(r.nextInt(PIECES.size())));
          }
          return b.toString();
        });
  }

  @Test
  void randomTermsOftenValid() {
    List<String> fields =
        List.of(
            "type:",
            "visibility:",
            "role:",
            "created:",
            "created<",
            "created>",
            "keyword:",
            "name:",
            "direct_member:",
            "inherited_member:",
            "sort:",
            "doi:",
            "createdby:");
    List<String> values =
        List.of(
            "project",
            "group",
            "public",
            "owner",
            "today-7d",
            "2023-05/14d",
            "2024-01",
            "\"a b\"",
            "\"x,y\"",
            "\"q\\\"uote\"",
            "@jane",
            "@Jöhn",
            "123-abc",
            "name-asc",
            "created-desc",
            "ml",
            "\"\"",
            "\"",
            "yesterday",
            "2023-11-12T10:30:00Z",
            "\"end\\\\\"",
            "\"\\\\\\\"\"",
            "\"a\\b\"",
            "\"@x y\"",
            "\"\\\\\"");
    run(
        r -> {
          StringBuilder b = new StringBuilder();
          int terms = r.nextInt(8);
          for (int t = 0; t < terms; t++) {
            if (r.nextInt(4) == 0) {
              b.append("word").append(r.nextInt(3));
            } else {
              b.append(fields.get(r.nextInt(fields.size())));
              int n = 1 + r.nextInt(3);
              for (int v = 0; v < n; v++) {
                if (v > 0) {
                  b.append(r.nextBoolean() ? "," : ", ");
                }
                b.append(values.get(r.nextInt(values.size())));
              }
            }
            b.append(r.nextInt(5) == 0 ? "  " : " ");
          }
          return b.toString();
        });
  }

  @Test
  void longInputsParse() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    StringBuilder pieces = new StringBuilder();
    StringBuilder chars = new StringBuilder();
    while (pieces.length() < 500_000) {
      pieces.append(PIECES.get(random.nextInt(PIECES.size())));
      chars.append(CHARS.charAt(random.nextInt(CHARS.length())));
    }
    String quotes = "keyword:\"".repeat(50_000) + " \\\"".repeat(50_000);
    for (String input : List.of(pieces.toString(), chars.toString(), quotes)) {
      Query query = QueryParser.parse(input);
      assertThat(QueryParser.parse(query.render())).as("seed " + seed).isEqualTo(query);
    }
  }

  private static void run(Function<Random, String> generator) {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < RUNS; i++) {
      String input = generator.apply(random);
      String context = "seed " + seed + ", run " + i + ", input [" + input + "]";
      assertThatCode(() -> QueryParser.parse(input)).as(context).doesNotThrowAnyException();
      Query query = QueryParser.parse(input);
      String rendered = query.render();
      Query again = QueryParser.parse(rendered);
      assertThat(again).as(context + ", rendered [" + rendered + "]").isEqualTo(query);
      assertThat(again.render()).as(context).isEqualTo(rendered);
    }
  }
}

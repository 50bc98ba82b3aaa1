package io.renku.data.search;

import java.util.List;
import java.util.Random;

/**
 * Random query strings for the "never a 5xx" test: fields (real and made up), operators, values
 * with quotes, escapes, commas, dates and date arithmetic, sort terms, Solr syntax ({@code OR},
 * {@code *}, {@code {!...}}, ranges), unicode, control characters and very long words.
 */
final class RandomQueries {
  private static final List<String> FIELDS =
      List.of(
          "type",
          "id",
          "name",
          "slug",
          "visibility",
          "created",
          "createdby",
          "role",
          "keyword",
          "namespace",
          "direct_member",
          "inherited_member",
          "doi",
          "publisher_name",
          "sort",
          "TYPE",
          "Created",
          "nope",
          "_type",
          "readers",
          "");
  private static final List<String> OPS = List.of(":", "<", ">", "=", "::", "");
  private static final List<String> VALUES =
      List.of(
          "project",
          "Group",
          "user",
          "dataconnector",
          "public",
          "private",
          "owner",
          "editor",
          "viewer",
          "today",
          "yesterday",
          "today-14d",
          "2023-03",
          "2023-02-30",
          "2023-05-01/14d",
          "2023-11-12T10",
          "99999-01-01",
          "0000-01-01",
          "today+99999d",
          "@john.doe",
          "@",
          "@@",
          "name-asc",
          "created-desc",
          "score-asc",
          "name-sideways",
          "10.16904/envidat.714",
          "a/b/c",
          "*",
          "?",
          "\\",
          "\"",
          "\"quoted value\"",
          "\"unterminated",
          "OR",
          "AND",
          "NOT",
          "-",
          "+",
          "(",
          ")",
          "[* TO *]",
          "{!lucene}x",
          "$row.id",
          "&&",
          "||",
          "~2",
          "^10",
          "ü",
          "日本語",
          "🙂",
          "\u0000",
          "\t",
          "\u2028",
          "%",
          "%zz",
          ",",
          ",,",
          "a,b",
          "x y");

  private final Random random;

  RandomQueries(long seed) {
    this.random = new Random(seed);
  }

  String next() {
    StringBuilder q = new StringBuilder();
    int terms = random.nextInt(8);
    for (int i = 0; i < terms; i++) {
      if (i > 0) {
        q.append(random.nextInt(10) == 0 ? "" : " ");
      }
      switch (random.nextInt(5)) {
        case 0, 1, 2 -> {
          q.append(pick(FIELDS)).append(pick(OPS)).append(pick(VALUES));
          while (random.nextInt(3) == 0) {
            q.append(random.nextBoolean() ? "," : ", ").append(pick(VALUES));
          }
        }
        case 3 -> q.append(pick(VALUES));
        default -> q.append(word());
      }
    }
    return q.toString();
  }

  private String word() {
    int length = random.nextInt(10) == 0 ? 100 + random.nextInt(200) : 1 + random.nextInt(12);
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind < 6) {
        w.append((char) ('a' + random.nextInt(26)));
      } else if (kind < 8) {
        w.append("-_./:\"\\,*~^!()[]{}".charAt(random.nextInt(18)));
      } else {
        w.appendCodePoint(0x80 + random.nextInt(0x2FFF));
      }
    }
    return w.toString();
  }

  private String pick(List<String> list) {
    return list.get(random.nextInt(list.size()));
  }
}

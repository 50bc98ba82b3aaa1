package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void htmlEscapesMarkupAndQuotes() {
    assertThat(Text.html("<a href=\"x\">Tom & 'Jerry'</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    assertThat(Text.html(null)).isEmpty();
  }

  @Test
  void jsonStringEscapesQuotesBackslashesAndControlCharacters() {
    assertThat(Text.jsonString("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    // as Jackson writes them: short forms where JSON has one, upper-case hex otherwise
    assertThat(Text.jsonString("\b\f\u001f/\u007f")).isEqualTo("\"\\b\\f\\u001F/\u007f\"");
  }

  @Test
  void safeIdsAreShortRunsOfLettersDigitsDotsUnderscoresAndDashes() {
    assertThat(Text.isSafeId("01M8Q0KMBH74GHYVVTTXYFRSB1")).isTrue();
    assertThat(Text.isSafeId("19f9f8c5-7063-4777-85a2-f3aae936d9a1")).isTrue();
    assertThat(Text.isSafeId("a".repeat(64))).isTrue();
    assertThat(Text.isSafeId("a".repeat(65))).isFalse();
    assertThat(Text.isSafeId("")).isFalse();
    assertThat(Text.isSafeId(null)).isFalse();
    assertThat(Text.isSafeId("id with space")).isFalse();
    assertThat(Text.isSafeId("x\ny")).isFalse();
    assertThat(Text.isSafeId("é")).isFalse();
    assertThat(Text.isSafeAnonymousId("anon-01M8Q0KMBH74GHYVVTTXYFRSB1")).isTrue();
    assertThat(Text.isSafeAnonymousId("anon.1")).isFalse();
    assertThat(Text.isSafeAnonymousId(null)).isFalse();
    // the same answers as the patterns they replace, over random strings near the alphabet's edges
    Pattern pattern = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    Pattern anonymous = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    String pool = "aAzZ09._-/:@[`{\u0000\u007f\u00e9\u0130 ";
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(70);
      for (int j = 0; j < n; j++) {
        b.append(random.nextInt(8) == 0 ? pool.charAt(random.nextInt(pool.length())) : 'k');
      }
      String s = b.toString();
      assertThat(Text.isSafeId(s)).as(s).isEqualTo(pattern.matcher(s).matches());
      assertThat(Text.isSafeAnonymousId(s)).as(s).isEqualTo(anonymous.matcher(s).matches());
    }
  }
}

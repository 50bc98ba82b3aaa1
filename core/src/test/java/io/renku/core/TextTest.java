package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;

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
  }
}

package io.renku.data.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class RequestFirewallTest {
  private static final Predicate<String> SPRING = StrictHttpFirewall.ALLOWED_HEADER_VALUES;
  private static final Predicate<String> OURS = RequestFirewall.asciiFirst(SPRING);

  @Test
  void answersAsSpringsRuleDoesForEveryKindOfCharacter() {
    List<String> samples = new ArrayList<>();
    samples.add("");
    samples.add("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln");
    samples.add("text/html, application/json;q=0.9");
    samples.add("tab\there");
    samples.add("new\nline");
    samples.add("nul\0");
    samples.add("del\u007f");
    samples.add("c1 control \u0085");
    samples.add("Zürich ünïcödé");
    samples.add("unassigned \u0378");
    samples.add("emoji \uD83D\uDE00");
    samples.add("lone surrogate \uD83D");
    samples.add("private use \uE000");
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = random.nextInt(12); j > 0; j--) {
        // mostly printable ASCII, sometimes anything in the basic multilingual plane
        s.append(
            random.nextInt(4) == 0
                ? (char) random.nextInt(0x10000)
                : (char) (0x20 + random.nextInt(0x5f)));
      }
      samples.add(s.toString());
    }
    int refused = 0;
    for (String sample : samples) {
      assertThat(OURS.test(sample))
          .as("%s", sample.codePoints().toArray())
          .isEqualTo(SPRING.test(sample));
      refused += SPRING.test(sample) ? 0 : 1;
    }
    assertThat(refused).as("the samples include refused values").isGreaterThan(100);
  }

  @Test
  void theFirewallStillRefusesAHeaderWithAControlCharacter() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/data/version");
    request.addHeader("Accept", "application/json");
    request.addHeader("X-Bad", "a\u0085b");
    var firewalled = RequestFirewall.create().getFirewalledRequest(request);
    assertThat(firewalled.getHeader("Accept")).isEqualTo("application/json");
    assertThatThrownBy(() -> firewalled.getHeader("X-Bad"))
        .isInstanceOf(RequestRejectedException.class);
  }
}

package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers one attack test received, checked together after it: whatever an attacker sends, no
 * answer is a server error and no body shows a Java exception or a stack frame.
 */
final class AnswerLog {
  private final List<HttpResponse<String>> answers = new ArrayList<>();

  /** Keeps the answer for {@link #assertNoServerErrors()} and gives it back. */
  HttpResponse<String> record(HttpResponse<String> answer) {
    answers.add(answer);
    return answer;
  }

  List<HttpResponse<String>> all() {
    return answers;
  }

  void assertNoServerErrors() {
    for (var r : answers) {
      assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isLessThan(500);
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }
}

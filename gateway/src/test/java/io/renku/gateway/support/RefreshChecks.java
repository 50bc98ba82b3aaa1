package io.renku.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** The "refresh once" check, shared by the session stores' tests. */
public final class RefreshChecks {
  private RefreshChecks() {}

  /**
   * Waits until the access token in {@code bearer} ({@code "Bearer <jwt>"}) is within {@code
   * refreshBeforeSeconds} of its expiry, plus a second and a half: {@code exp} has whole seconds,
   * and the gateway counts the lifetime from when it received the token, a little after it was
   * issued.
   */
  public static void waitUntilRefreshIsDue(String bearer, int refreshBeforeSeconds)
      throws Exception {
    long expiry =
        SignedJWT.parse(bearer.substring("Bearer ".length()))
            .getJWTClaimsSet()
            .getExpirationTime()
            .getTime();
    long wait = expiry - refreshBeforeSeconds * 1000L + 1500 - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /**
   * With {@code browser} logged in: waits until the access token is inside the refresh margin,
   * sends {@code n} requests at once, and checks that all of them carried one and the same new
   * token (each refresh mints a new one, so two refreshes would show two tokens).
   */
  public static void concurrentRequestsRefreshOnce(Browser browser, EchoUpstream upstream, int n)
      throws Exception {
    upstream.clear();
    browser.get("/api/data/user");
    String first = upstream.last().header("Authorization");
    waitUntilRefreshIsDue(first, TestPlatform.REFRESH_BEFORE_SECONDS);
    upstream.clear();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(() -> browser.get("/api/data/projects").statusCode());
    }
    try (var pool = Executors.newFixedThreadPool(n)) {
      for (Future<Integer> f : pool.invokeAll(calls)) {
        assertThat(f.get()).isEqualTo(200);
      }
    }
    assertThat(upstream.seen()).hasSize(n);
    Set<String> tokens =
        upstream.seen().stream().map(s -> s.header("Authorization")).collect(Collectors.toSet());
    assertThat(tokens).hasSize(1).doesNotContain(first);
  }
}

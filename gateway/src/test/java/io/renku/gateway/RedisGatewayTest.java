package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.support.Browser;
import io.renku.gateway.support.RedisServer;
import io.renku.gateway.support.RefreshChecks;
import io.renku.gateway.support.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway as a cluster runs it (profile {@code redis}): login sessions and refresh locks in a
 * real Redis, no database. Same identity provider and upstream as the other gateway tests.
 */
class RedisGatewayTest {
  static TestPlatform platform;
  static RedisServer redis;
  static ConfigurableApplicationContext gateway;

  /** A second replica on the same Redis, as a cluster runs two. */
  static ConfigurableApplicationContext replica;

  static String base;
  static String replicaBase;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.get();
    redis = RedisServer.start();
    base = "http://127.0.0.1:" + platform.redisGatewayPort;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, Object> gw = new LinkedHashMap<>();
    gw.put("spring.profiles.active", "redis");
    gw.put("spring.data.redis.host", "127.0.0.1");
    gw.put("spring.data.redis.port", redis.port);
    gw.put("renku.gateway.public-url", base);
    gw.put("renku.gateway.data-service-url", platform.upstream.url());
    gw.put("renku.gateway.identity-url", platform.identityUrl());
    gw.put("renku.gateway.oidc.issuer", platform.baseUrl + "/auth");
    gw.put("renku.gateway.oidc.client-secret", TestPlatform.CLIENT_SECRET);
    gw.put("renku.gateway.oidc.refresh-before", TestPlatform.REFRESH_BEFORE_SECONDS + "s");
    gw.put("renku.gateway.session.token-encryption-key", Base64.getEncoder().encodeToString(key));
    gw.put("renku.gateway.rate-limit.enabled", false);
    gw.put("logging.structured.format.console", "");
    gateway = start(gw, platform.redisGatewayPort);
    replica = start(gw, 0);
    replicaBase =
        "http://127.0.0.1:"
            + ((org.springframework.boot.web.server.context.WebServerApplicationContext) replica)
                .getWebServer()
                .getPort();
  }

  private static ConfigurableApplicationContext start(Map<String, Object> settings, int port) {
    Map<String, Object> gw = new LinkedHashMap<>(settings);
    gw.put("server.port", port);
    return GatewayApplication.application()
        .run(
            gw.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (replica != null) {
      replica.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static String sessionKey(Browser browser) {
    String cookie = browser.cookie("_renku_session").orElseThrow();
    String id = new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
    return "renku:gateway:sessions:" + id;
  }

  @Test
  void theLoginSessionLivesInRedisAndLogoutRemovesIt() {
    Browser browser = new Browser(base);
    var home = browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    assertThat(home.uri().toString()).isEqualTo(base + "/");
    assertThat(home.body()).contains("Logged in as");
    String key = sessionKey(browser);
    assertThat(redis.command("EXISTS " + key)).isEqualTo(":1");
    assertThat(redis.command("TTL " + key)).as("Redis expires idle sessions").doesNotContain("-1");

    platform.upstream.clear();
    browser.get("/api/data/user");
    assertThat(platform.upstream.last().header("Authorization")).startsWith("Bearer ");

    browser.postForm("/api/auth/logout", java.util.Map.of("redirect_url", "/"));
    assertThat(redis.command("EXISTS " + key)).isEqualTo(":0");
    browser.get("/api/data/user");
    assertThat(platform.upstream.last().header("Authorization")).isNull();
  }

  @Test
  void concurrentRequestsRefreshOnceAcrossTheRedisLock() throws Exception {
    Browser browser = new Browser(base);
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    RefreshChecks.concurrentRequestsRefreshOnce(browser, platform.upstream, 10);
    assertThat(redis.command("KEYS renku:gateway:refresh-lock:*"))
        .as("the lock was released")
        .isEqualTo("*0");
  }

  @Test
  void twoReplicasShareTheLoginAndRefreshItOnce() throws Exception {
    Browser browser = new Browser(base);
    browser.login("admin", TestPlatform.ADMIN_PASSWORD, "/");
    // The same cookie (cookies do not care about ports) reaches the other replica.
    platform.upstream.clear();
    browser.get(replicaBase + "/api/data/user");
    String first = platform.upstream.last().header("Authorization");
    assertThat(first).as("the replica finds the login in Redis").startsWith("Bearer ");

    RefreshChecks.waitUntilRefreshIsDue(first, TestPlatform.REFRESH_BEFORE_SECONDS);
    platform.upstream.clear();
    int n = 12;
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String target = (i % 2 == 0 ? base : replicaBase) + "/api/data/projects";
      calls.add(() -> browser.get(target).statusCode());
    }
    try (var pool = Executors.newFixedThreadPool(n)) {
      for (Future<Integer> f : pool.invokeAll(calls)) {
        assertThat(f.get()).isEqualTo(200);
      }
    }
    Set<String> tokens =
        platform.upstream.seen().stream()
            .map(s -> s.header("Authorization"))
            .collect(Collectors.toSet());
    assertThat(platform.upstream.seen()).hasSize(n);
    assertThat(tokens).as("one refresh across both replicas").hasSize(1).doesNotContain(first);
  }

  @Test
  void healthReportsRedis() {
    Browser browser = new Browser(base);
    assertThat(browser.get("/health").body()).contains("UP");
  }
}

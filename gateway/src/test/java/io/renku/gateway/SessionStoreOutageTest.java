package io.renku.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.support.Browser;
import io.renku.gateway.support.RedisServer;
import io.renku.gateway.support.TestPlatform;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The session store goes away (Redis stopped) under a logged-in browser: the gateway answers 503
 * with the envelope (or a page), keeps serving callers that bring their own token, and is not hurt.
 */
class SessionStoreOutageTest {

  @Test
  void aLostSessionStoreGives503AndTokenCallersStillPass() throws Exception {
    TestPlatform platform = TestPlatform.get();
    RedisServer redis = RedisServer.start();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, Object> gw = new LinkedHashMap<>();
    gw.put("spring.profiles.active", "redis");
    gw.put("server.port", port);
    gw.put("spring.data.redis.host", "127.0.0.1");
    gw.put("spring.data.redis.port", redis.port);
    gw.put("spring.data.redis.timeout", "1s");
    gw.put("spring.data.redis.connect-timeout", "1s");
    gw.put("renku.gateway.public-url", "http://127.0.0.1:" + port);
    gw.put("renku.gateway.data-service-url", platform.upstream.url());
    gw.put("renku.gateway.oidc.issuer", platform.baseUrl + "/auth");
    gw.put("renku.gateway.oidc.client-secret", TestPlatform.CLIENT_SECRET);
    gw.put("renku.gateway.session.token-encryption-key", Base64.getEncoder().encodeToString(key));
    gw.put("renku.gateway.rate-limit.enabled", false);
    gw.put("logging.structured.format.console", "");
    ConfigurableApplicationContext gateway =
        GatewayApplication.application()
            .run(
                gw.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    try {
      Browser browser = new Browser("http://127.0.0.1:" + port);
      // A session exists (a login attempt), then the store disappears.
      assertThat(browser.get("/api/auth/login?redirect_url=/").statusCode()).isEqualTo(302);
      redis.close();

      HttpResponse<String> api = browser.get("/api/data/projects");
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(api.body()).contains("\"code\":1503").doesNotContain("Exception");
      assertThat(api.headers().firstValue("Retry-After")).contains("5");
      HttpResponse<String> page = browser.get("/");
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.body()).contains("<h1>").doesNotContain("at io.");

      platform.upstream.clear();
      HttpResponse<String> scripted =
          new Browser("http://127.0.0.1:" + port)
              .send(
                  new Browser("http://127.0.0.1:" + port)
                      .request("/api/data/projects")
                      .header("Authorization", "Bearer script-token")
                      .GET()
                      .build());
      assertThat(scripted.statusCode()).isEqualTo(200);
      assertThat(platform.upstream.last().header("Authorization")).isEqualTo("Bearer script-token");
      // Probes carry no cookie: the gateway itself is alive.
      assertThat(new Browser("http://127.0.0.1:" + port).get("/health/liveness").statusCode())
          .isEqualTo(200);
    } finally {
      gateway.close();
      redis.close();
    }
  }
}

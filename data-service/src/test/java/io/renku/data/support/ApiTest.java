package io.renku.data.support;

import io.renku.data.DataServiceApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP-level tests: the whole data service on a random port, against the shared real
 * backends, called over real HTTP with real signed tokens. All subclasses share one Spring context,
 * so the service starts once per test run.
 */
@SpringBootTest(
    classes = DataServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {
  /** The secret the gateway would present to ask where a session runs. */
  protected static final String INTERNAL_TOKEN = "test-internal-token";

  /** The credential the secrets service presents ({@code renku.secrets.internal-token}). */
  protected static final String SECRETS_INTERNAL_TOKEN = "test-secrets-internal-token";

  /** The secret the gateway vouches for anonymous ids with ({@code Renku-Gateway-Secret}). */
  protected static final String GATEWAY_SECRET = "test-gateway-secret";

  /** Where the local runtime keeps the sessions of the test run. */
  protected static final java.nio.file.Path SESSIONS_ROOT = sessionsRoot();

  @LocalServerPort protected int port;

  protected Api api;

  @DynamicPropertySource
  static void backends(DynamicPropertyRegistry registry) {
    TestBackends b = TestBackends.get();
    registry.add("spring.datasource.url", b::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("renku.spicedb.host", () -> b.spicedb().host());
    registry.add("renku.spicedb.port", () -> b.spicedb().port());
    registry.add("renku.spicedb.in-process-name", () -> b.spicedb().inProcessName());
    registry.add("renku.auth.issuer-uri", () -> b.identity().issuer());
    registry.add("renku.authz-sync-interval", () -> "500ms");
    registry.add("logging.structured.format.console", () -> "");
    registry.add("renku.sessions.internal-token", () -> INTERNAL_TOKEN);
    registry.add("renku.gateway-secret", () -> GATEWAY_SECRET);
    registry.add("renku.secrets.internal-token", () -> SECRETS_INTERNAL_TOKEN);
    registry.add("renku.sessions.local-root", () -> SESSIONS_ROOT.toString());
    registry.add("renku.sessions.public-url", () -> "http://renku.test");
    registry.add("renku.sessions.start-timeout", () -> "20s");
    registry.add("renku.sessions.cull-interval", () -> "1h"); // tests run passes themselves
  }

  private static java.nio.file.Path sessionsRoot() {
    try {
      return java.nio.file.Files.createTempDirectory("renku-test-sessions");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void setUpApi() {
    api = new Api("http://127.0.0.1:" + port, TestBackends.get().identity());
  }
}

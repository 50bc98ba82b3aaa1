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
  @LocalServerPort int port;

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
  }

  @BeforeEach
  void setUpApi() {
    api = new Api("http://127.0.0.1:" + port, TestBackends.get().identity());
  }
}

package io.renku.secrets.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The secrets service serves exactly the operations of its contract ({@code
 * api/.../openapi-secrets/secrets-service.yaml}, bundled as {@code io/renku/api/secrets/spec.json},
 * which the api module's compatibility test holds against the original's {@code secrets.yaml}): no
 * controller route without a documented operation, none documented without a route, and each
 * documented one answered over real HTTP by its handler (not a 404 or 405).
 */
class ServedOperationsTest {
  private static final String CONTRACT = "/io/renku/api/secrets/spec.json";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  @TempDir static Path temp;
  private static RunningSecretsService service;
  private static JsonNode contract;

  @BeforeAll
  static void start() throws IOException {
    try (InputStream in = ServedOperationsTest.class.getResourceAsStream(CONTRACT)) {
      assertThat(in).as("the contract %s on the class path", CONTRACT).isNotNull();
      contract = JsonMapper.builder().build().readTree(in);
    }
    service =
        new RunningSecretsService(
            Map.of("renku.secrets.key-dir", temp.resolve("keys").toString()),
            Optional.empty(),
            temp.resolve("files"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** {@code "POST /api/secrets/kubernetes"}, path parameters as {@code {}}. */
  private static Set<String> documented() {
    String prefix = contract.path("servers").path(0).path("url").asString();
    Set<String> ops = new TreeSet<>();
    for (var path : contract.path("paths").properties()) {
      for (String method : path.getValue().propertyNames()) {
        if (METHODS.contains(method)) {
          ops.add(method.toUpperCase() + " " + blank(prefix + path.getKey()));
        }
      }
    }
    return ops;
  }

  private static Set<String> routed() {
    var mapping =
        service.context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<String> ops = new TreeSet<>();
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (pattern.startsWith("/error")) {
          continue; // Boot's error page, not an operation
        }
        for (var method : info.getMethodsCondition().getMethods()) {
          ops.add(method.name() + " " + blank(pattern));
        }
        assertThat(info.getMethodsCondition().getMethods())
            .as("%s answers every method", pattern)
            .isNotEmpty();
      }
    }
    return ops;
  }

  private static String blank(String path) {
    return path.replaceAll("\\{[^}]*}", "{}");
  }

  @Test
  void theRoutesAreTheDocumentedOperations() {
    assertThat(documented()).contains("POST /api/secrets/kubernetes", "GET /api/secrets/version");
    assertThat(routed()).isEqualTo(documented());
  }

  @Test
  void eachDocumentedOperationIsAnsweredByItsHandler() {
    for (String op : documented()) {
      String method = op.substring(0, op.indexOf(' '));
      String path = op.substring(op.indexOf(' ') + 1).replace("{}", "s-served-ops");
      String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
      var r = service.send(method, path, body, SecretsFixture.TOKEN, "someone");
      assertThat(r.statusCode()).as("%s: %s", op, r.body()).isNotIn(404, 405).isLessThan(500);
    }
    var undocumented = service.send("GET", "/api/secrets/other", null, SecretsFixture.TOKEN, null);
    assertThat(undocumented.statusCode()).isEqualTo(404);
  }
}

package io.renku.api.data.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures how much of the original Renku data service's API we serve compatibly: every operation
 * of the original's 17 OpenAPI files (read where they are kept, {@code shared/original/} beside the
 * repository, never copied into it) against the bundled spec, which the data service serves
 * unchanged at {@code /api/data/spec.json}. The definition of "compatible" is in {@link
 * SchemaComparison} and {@code docs/compatibility.md}; the full report goes to {@code
 * target/compatibility-report.md}.
 */
class OriginalApiCompatibilityTest {

  /**
   * Today's figures: raise them when operations land, never lower them (a lower count is a
   * regression: an operation gone, or an answer that lost a field the original requires).
   */
  static final int SERVED_FLOOR = 196;

  static final int COMPATIBLE_FLOOR = 196;

  static final String SERVED_SPEC = "/io/renku/api/data/spec.json";

  /**
   * The secrets service's contract ({@code openapi-secrets/secrets-service.yaml}, prefix {@code
   * /api/secrets}), against which the original's {@code secrets.yaml} is held; the secrets
   * service's {@code ServedOperationsTest} holds what it serves against the same document.
   */
  static final String SECRETS_SPEC = "/io/renku/api/secrets/spec.json";

  /**
   * Where the original's files are, relative to a directory above this module: the machines and CI
   * keep {@code shared/} beside the clone. {@code -Drenku.original-specs=DIR} names another.
   */
  static final String ORIGINAL_SPECS = "shared/original/renku-data-services-specs";

  static final JsonMapper JSON = JsonMapper.builder().build();

  static CompatibilityReport report;

  @BeforeAll
  static void measure() throws IOException, URISyntaxException {
    OperationComparison comparison =
        new OperationComparison(
            bundled("served", SERVED_SPEC), bundled("secrets service", SECRETS_SPEC));
    Map<String, List<OperationResult>> results = new TreeMap<>();
    for (Path file : originalFiles()) {
      ApiDocument original = ApiDocument.of(file.getFileName().toString(), readYaml(file));
      List<OperationResult> rs = new ArrayList<>();
      for (Operation op : original.operations()) {
        rs.add(comparison.compare(original, op));
      }
      results.put(original.name(), rs);
    }
    report = new CompatibilityReport(results);
    Path out = Path.of("target", "compatibility-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
    System.out.println(
        "Operations of the original served with compatible schemas: "
            + report.compatible()
            + " of "
            + report.total()
            + " ("
            + report.served()
            + " served); details in "
            + out.toAbsolutePath());
    System.out.println(report.summary());
  }

  @Test
  void readsAllSeventeenOriginalFiles() {
    assertThat(report.resultsByFile()).hasSize(17);
    assertThat(report.total()).isGreaterThanOrEqualTo(198);
  }

  @Test
  void servedOperationsDoNotDropBelowTheFloor() {
    assertThat(report.served())
        .as("operations of the original served")
        .isGreaterThanOrEqualTo(SERVED_FLOOR);
  }

  @Test
  void compatibleOperationsDoNotDropBelowTheFloor() {
    assertThat(report.compatible())
        .as(
            "operations of the original served with compatible schemas; see %s",
            "target/compatibility-report.md")
        .isGreaterThanOrEqualTo(COMPATIBLE_FLOOR);
  }

  private static ApiDocument bundled(String name, String resource) throws IOException {
    try (InputStream in = OriginalApiCompatibilityTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("bundled spec %s on the classpath", resource).isNotNull();
      return ApiDocument.of(name, JSON.readTree(in));
    }
  }

  private static List<Path> originalFiles() throws IOException {
    Path dir = originalSpecs();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** The first {@code <ancestor>/shared/original/renku-data-services-specs} above this module. */
  static Path originalSpecs() {
    String named = System.getProperty("renku.original-specs");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve(ORIGINAL_SPECS);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "The original's OpenAPI files were not found in "
            + ORIGINAL_SPECS
            + " above "
            + Path.of("").toAbsolutePath()
            + " (they are kept beside the repository; -Drenku.original-specs=DIR names another"
            + " place)");
  }

  /** YAML to a Jackson tree; the safe constructor builds only maps, lists and scalars. */
  private static JsonNode readYaml(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return JSON.valueToTree(tree);
    }
  }
}

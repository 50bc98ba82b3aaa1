package io.renku.api.data.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The comparison itself, on small documents: what it counts as breaking and what it lets pass. */
class OperationComparisonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A document with one operation whose answer and request body are the given schemas. */
  private static ApiDocument document(String name, String answer, String request) {
    String spec =
        """
        {"servers":[{"url":"/api/data"}],
         "paths":{"/things/{id}":{"patch":{
           "requestBody":{"required":true,"content":{"application/json":{"schema":%s}}},
           "responses":{"200":{"content":{"application/json":{"schema":%s}}}}}}},
         "components":{"schemas":{
           "Kind":{"type":"string","enum":["a","b"]},
           "Image":{"type":"object","required":["source"],
                    "properties":{"source":{"type":"string","enum":["image"]},"image":{"type":"string"}}},
           "Build":{"type":"object","required":["source"],
                    "properties":{"source":{"type":"string","enum":["build"]},"repo":{"type":"string"}}}}}}
        """
            .formatted(request, answer);
    return ApiDocument.of(name, JSON.readTree(spec));
  }

  private static final String ORIGINAL_ANSWER =
      """
      {"type":"object","required":["id","kind"],"properties":{
        "id":{"type":"string"},"kind":{"$ref":"#/components/schemas/Kind"},
        "size":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}}
      """;
  private static final String ORIGINAL_REQUEST =
      """
      {"type":"object","properties":{"name":{"type":"string"},"kind":{"$ref":"#/components/schemas/Kind"}}}
      """;

  private static List<Difference> differences(String ourAnswer, String ourRequest) {
    ApiDocument original = document("original", ORIGINAL_ANSWER, ORIGINAL_REQUEST);
    ApiDocument ours = document("served", ourAnswer, ourRequest);
    OperationResult r =
        new OperationComparison(ours).compare(original, original.operations().getFirst());
    assertThat(r.served()).isTrue();
    return r.differences();
  }

  private static List<String> breaking(List<Difference> ds) {
    return ds.stream().filter(Difference::breaking).map(Difference::toString).toList();
  }

  @Test
  void theSameSchemasAreCompatibleAndExtraAnswerFieldsAreAllowed() {
    String ourAnswer =
        """
        {"type":"object","required":["id","kind","extra"],"properties":{
          "id":{"type":"string"},"kind":{"type":"string","enum":["a","b"]},"extra":{"type":"string"},
          "size":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}}
        """;
    assertThat(differences(ourAnswer, ORIGINAL_REQUEST)).isEmpty();
  }

  @Test
  void aMissingRequiredFieldAWrongTypeAndAnUnknownEnumValueBreakTheAnswer() {
    String ourAnswer =
        """
        {"type":"object","required":["kind"],"properties":{
          "kind":{"type":"string","enum":["a","b","c"]},"size":{"type":"string"},
          "tags":{"type":"array","items":{"type":"integer"}}}}
        """;
    assertThat(breaking(differences(ourAnswer, ORIGINAL_REQUEST)))
        .containsExactlyInAnyOrder(
            "response 200 $: required field 'id' is not in our answer",
            "response 200 $.kind: we may answer values the original does not know: [c]",
            "response 200 $.size: type [string] where the original has [integer]",
            "response 200 $.tags[]: type [integer] where the original has [string]");
  }

  @Test
  void aRequestBodyMustAcceptEverythingTheOriginalSendsAndRequireNothingMore() {
    String ourRequest =
        """
        {"type":"object","required":["owner"],"properties":{
          "owner":{"type":"string"},"kind":{"type":"string","enum":["a"]}}}
        """;
    assertThat(breaking(differences(ORIGINAL_ANSWER, ourRequest)))
        .containsExactlyInAnyOrder(
            "request $: field 'name' the original accepts is unknown to ours",
            "request $: ours requires 'owner', the original does not",
            "request $.kind: we reject values the original accepts: [b]");
  }

  @Test
  void theVariantsOfAOneOfAreUnitedFieldByField() {
    String union =
        """
        {"type":"object","properties":{"env":{"oneOf":[
          {"$ref":"#/components/schemas/Image"},{"$ref":"#/components/schemas/Build"}]}}}
        """;
    String onlyImage =
        """
        {"type":"object","properties":{"env":{"$ref":"#/components/schemas/Image"}}}
        """;
    ApiDocument original = document("original", onlyImage, union);
    ApiDocument ours = document("served", union, onlyImage);
    List<Difference> ds =
        new OperationComparison(ours)
            .compare(original, original.operations().getFirst())
            .differences();
    // Ours may answer a build where the original only knows images, and rejects a build's field.
    assertThat(breaking(ds))
        .containsExactlyInAnyOrder(
            "response 200 $.env.source: we may answer values the original does not know: [build]",
            "request $.env: field 'repo' the original accepts is unknown to ours",
            "request $.env.source: we reject values the original accepts: [build]");
  }

  @Test
  void anOperationOutsideTheServedSpecIsMissingOrAnotherServices() {
    ApiDocument ours = document("served", ORIGINAL_ANSWER, ORIGINAL_REQUEST);
    ApiDocument other =
        ApiDocument.of(
            "secrets",
            JSON.readTree(
                """
                {"servers":[{"url":"/api/secrets"}],"paths":{"/version":{"get":{}}}}
                """));
    ApiDocument missing =
        ApiDocument.of(
            "data",
            JSON.readTree(
                "{\"servers\":[{\"url\":\"/api/data\"}],\"paths\":{\"/x\":{\"get\":{}}}}"));
    OperationComparison c = new OperationComparison(ours);
    assertThat(c.compare(other, other.operations().getFirst()).status())
        .isEqualTo(OperationResult.Status.OTHER_SERVICE);
    assertThat(c.compare(missing, missing.operations().getFirst()).status())
        .isEqualTo(OperationResult.Status.MISSING);
  }

  @Test
  void anotherServedDocumentServesItsPrefixWithItsOwnSchemas() {
    ApiDocument original =
        ApiDocument.of(
            "secrets.yaml",
            JSON.readTree(
                """
                {"servers":[{"url":"/api/secrets"}],"paths":{"/version":{"get":{"responses":{"200":
                  {"content":{"application/json":{"schema":{"$ref":"#/components/schemas/V"}}}}}}}},
                 "components":{"schemas":{"V":{"type":"object","required":["version"],
                  "properties":{"version":{"type":"string"}}}}}}
                """));
    ApiDocument data = document("served", ORIGINAL_ANSWER, ORIGINAL_REQUEST);
    // the secrets document names its answer "V" too, but as a number: found in its own schemas,
    // not in the data spec's (which has no "V")
    ApiDocument secrets =
        ApiDocument.of(
            "secrets service",
            JSON.readTree(
                """
                {"servers":[{"url":"/api/secrets"}],"paths":{"/version":{"get":{"responses":{"200":
                  {"content":{"application/json":{"schema":{"$ref":"#/components/schemas/V"}}}}}}}},
                 "components":{"schemas":{"V":{"type":"object","required":["version"],
                  "properties":{"version":{"type":"integer"}}}}}}
                """));
    Operation version = original.operations().getFirst();
    assertThat(new OperationComparison(data).compare(original, version).status())
        .isEqualTo(OperationResult.Status.OTHER_SERVICE);
    OperationResult held = new OperationComparison(data, secrets).compare(original, version);
    assertThat(held.status()).isEqualTo(OperationResult.Status.SERVED);
    assertThat(breaking(held.differences())).hasSize(1).first().asString().contains("version");
    ApiDocument missing =
        ApiDocument.of(
            "secrets.yaml",
            JSON.readTree(
                "{\"servers\":[{\"url\":\"/api/secrets\"}],\"paths\":{\"/x\":{\"get\":{}}}}"));
    assertThat(
            new OperationComparison(data, secrets)
                .compare(missing, missing.operations().getFirst())
                .status())
        .isEqualTo(OperationResult.Status.MISSING);
  }

  @Test
  void anExplodedQueryObjectIsOneParameterPerPropertyAndOursMayNotRequireMore() {
    ApiDocument original =
        ApiDocument.of(
            "original",
            JSON.readTree(
                """
                {"servers":[{"url":"/api/data"}],"paths":{"/things":{"get":{"parameters":[
                  {"in":"query","name":"params","style":"form","explode":true,
                   "schema":{"type":"object","properties":{"q":{"type":"string"},"page":{"type":"integer"}}}}]}}}}
                """));
    ApiDocument ours =
        ApiDocument.of(
            "served",
            JSON.readTree(
                """
                {"servers":[{"url":"/api/data"}],"paths":{"/things":{"get":{"parameters":[
                  {"in":"query","name":"page","required":true,"schema":{"type":"integer"}}]}}}}
                """));
    List<Difference> ds =
        new OperationComparison(ours)
            .compare(original, original.operations().getFirst())
            .differences();
    assertThat(ds)
        .extracting(Difference::toString)
        .containsExactlyInAnyOrder(
            "(note) query: parameter 'q' of the original is ignored by ours",
            "query: ours requires parameter 'page', the original does not");
  }
}

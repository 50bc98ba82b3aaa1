package io.renku.api.data.compat;

import io.renku.api.data.compat.SchemaComparison.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Holds each operation of the original against the served operation of the same path, in whichever
 * of our documents serves it: the data service's spec ({@code /api/data}) and the secrets service's
 * ({@code /api/secrets}).
 */
final class OperationComparison {

  /** A served operation and the document whose schemas it refers to. */
  private record Served(Operation operation, ApiDocument document) {}

  private final List<ApiDocument> served;
  private final Map<String, Served> servedByMatch = new HashMap<>();

  OperationComparison(ApiDocument... served) {
    this.served = List.of(served);
    for (ApiDocument document : served) {
      for (Operation op : document.operations()) {
        servedByMatch.putIfAbsent(op.match(), new Served(op, document));
      }
    }
  }

  OperationResult compare(ApiDocument originalFile, Operation original) {
    Served match = servedByMatch.get(original.match());
    if (match == null) {
      boolean ourPrefix =
          served.stream().anyMatch(d -> original.path().startsWith(d.prefix() + "/"));
      OperationResult.Status status =
          ourPrefix ? OperationResult.Status.MISSING : OperationResult.Status.OTHER_SERVICE;
      return new OperationResult(original, status, List.of());
    }
    Operation ours = match.operation();
    SchemaResolver ourSchemas = match.document().schemas();
    List<Difference> differences = new ArrayList<>();
    compareAnswers(originalFile.schemas(), original, ourSchemas, ours, differences);
    compareRequestBodies(originalFile.schemas(), original, ourSchemas, ours, differences);
    compareQueryParameters(originalFile.schemas(), original, ourSchemas, ours, differences);
    return new OperationResult(original, OperationResult.Status.SERVED, differences);
  }

  /** The success answer: the lowest 2xx code of the original, and its body. */
  private void compareAnswers(
      SchemaResolver originalSchemas,
      Operation original,
      SchemaResolver ourSchemas,
      Operation ours,
      List<Difference> out) {
    String code = successCode(original.node());
    if (code == null) {
      return;
    }
    JsonNode ourResponse = ours.node().path("responses").path(code);
    if (ourResponse.isMissingNode()) {
      out.add(
          new Difference(
              "response",
              "the original answers " + code + ", ours " + successCodes(ours.node()),
              true));
      return;
    }
    JsonNode originalBody =
        jsonSchema(originalSchemas.deref(original.node().path("responses").path(code)));
    JsonNode ourBody = jsonSchema(ourSchemas.deref(ourResponse));
    if (originalBody == null) {
      return;
    }
    if (ourBody == null) {
      out.add(new Difference("response " + code, "the original answers a body, ours none", true));
      return;
    }
    new SchemaComparison(originalSchemas, ourSchemas, Direction.RESPONSE, out)
        .compare("response " + code + " $", originalBody, ourBody);
  }

  private void compareRequestBodies(
      SchemaResolver originalSchemas,
      Operation original,
      SchemaResolver ourSchemas,
      Operation ours,
      List<Difference> out) {
    JsonNode originalRequest = originalSchemas.deref(original.node().path("requestBody"));
    if (originalRequest == null || originalRequest.isMissingNode()) {
      return;
    }
    JsonNode ourRequest = ourSchemas.deref(ours.node().path("requestBody"));
    boolean required = originalRequest.path("required").asBoolean(false);
    if (ourRequest == null || ourRequest.isMissingNode()) {
      out.add(new Difference("request", "the original takes a body, ours none", required));
      return;
    }
    String originalType = firstMediaType(originalRequest);
    if (!ourRequest.path("content").has(originalType)) {
      out.add(
          new Difference(
              "request",
              "the original sends "
                  + originalType
                  + ", ours takes "
                  + new TreeSet<>(ourRequest.path("content").propertyNames()),
              true));
      return;
    }
    JsonNode originalBody = originalRequest.path("content").path(originalType).path("schema");
    JsonNode ourBody = ourRequest.path("content").path(originalType).path("schema");
    if (!originalBody.isMissingNode() && !ourBody.isMissingNode()) {
      new SchemaComparison(originalSchemas, ourSchemas, Direction.REQUEST, out)
          .compare("request $", originalBody, ourBody);
    }
  }

  /**
   * Query parameters: one the original's clients send that ours does not know is ignored (a note:
   * the answer may hold more than asked for); one ours requires that the original does not breaks
   * those clients.
   */
  private void compareQueryParameters(
      SchemaResolver originalSchemas,
      Operation original,
      SchemaResolver ourSchemas,
      Operation ours,
      List<Difference> out) {
    Map<String, Boolean> theirs = queryParameters(originalSchemas, original.node());
    Map<String, Boolean> mine = queryParameters(ourSchemas, ours.node());
    theirs.forEach(
        (name, required) -> {
          if (!mine.containsKey(name)) {
            out.add(
                new Difference(
                    "query", "parameter '" + name + "' of the original is ignored by ours", false));
          }
        });
    mine.forEach(
        (name, required) -> {
          if (required && !theirs.getOrDefault(name, false)) {
            out.add(
                new Difference(
                    "query",
                    "ours requires parameter '" + name + "', the original does not",
                    true));
          }
        });
  }

  /**
   * The query parameters of an operation, name to required. An object parameter in the form style
   * with explode (the original's {@code params}) stands for one parameter per property.
   */
  private static Map<String, Boolean> queryParameters(SchemaResolver schemas, JsonNode operation) {
    Map<String, Boolean> params = new TreeMap<>();
    for (JsonNode p : operation.path("parameters")) {
      JsonNode param = schemas.deref(p);
      if (!param.path("in").asString().equals("query")) {
        continue;
      }
      boolean required = param.path("required").asBoolean(false);
      boolean exploded =
          param.path("style").asString("form").equals("form")
              && param.path("explode").asBoolean(true);
      Shape shape = schemas.shape(param.path("schema"));
      if (exploded && !shape.properties().isEmpty()) {
        for (String name : shape.properties().keySet()) {
          params.put(name, required && shape.required().contains(name));
        }
      } else {
        params.put(param.path("name").asString(), required);
      }
    }
    return params;
  }

  private static String successCode(JsonNode operation) {
    TreeSet<String> codes = successCodes(operation);
    return codes.isEmpty() ? null : codes.first();
  }

  private static TreeSet<String> successCodes(JsonNode operation) {
    TreeSet<String> codes = new TreeSet<>();
    for (String code : operation.path("responses").propertyNames()) {
      if (code.startsWith("2")) {
        codes.add(code);
      }
    }
    return codes;
  }

  /** The schema of a response's JSON body (or its only body), {@code null} when it has none. */
  private static JsonNode jsonSchema(JsonNode response) {
    if (response == null) {
      return null;
    }
    JsonNode content = response.path("content");
    if (content.has("application/json")) {
      return content.path("application/json").path("schema");
    }
    for (Entry<String, JsonNode> media : content.properties()) {
      return media.getValue().path("schema");
    }
    return null;
  }

  private static String firstMediaType(JsonNode requestBody) {
    for (String type : requestBody.path("content").propertyNames()) {
      return type;
    }
    return "application/json";
  }
}

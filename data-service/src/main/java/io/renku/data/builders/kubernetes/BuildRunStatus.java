package io.renku.data.builders.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.renku.data.build.BuildState;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How a build stands, read from its {@code BuildRun} as Shipwright writes it (the original's {@code
 * update_image_build_status}). The {@code Succeeded} condition decides, once {@code
 * status.completionTime} is set:
 *
 * <ul>
 *   <li>no completion time: in progress, whatever the condition says ({@code Unknown/Pending},
 *       {@code Unknown/Running}, or a transient {@code Unknown/ExceededNodeResources} while the
 *       cluster scales);
 *   <li>{@code True/Succeeded}: succeeded, with the image of {@code status.buildSpec.output}, the
 *       repository of {@code status.buildSpec.source.git} and the commit of {@code
 *       status.source.git.commitSha} (v1beta1; {@code status.sources[].git} in older objects and
 *       Shipwright's docs), finished at the completion time;
 *   <li>{@code False}: failed, with Shipwright's reason and message ({@code status.failureDetails}
 *       when the step gave one, such as {@code GitRemotePrivate}, else the condition's);
 *   <li>{@code Unknown} or no condition: in progress.
 * </ul>
 *
 * <p>A run this service cancelled ({@code spec.state: BuildRunCanceled}, or the condition's reason
 * {@code BuildRunCanceled}) is cancelled from the moment of the request, unless it had already
 * succeeded. The original answers {@code failed} for a BuildRun gone from the cluster; here the
 * build service decides that, since the builder only answers for objects it can see.
 */
final class BuildRunStatus {

  static final String CANCELED = BuildRunManifest.CANCELED_STATE;
  static final String UNKNOWN = "unknown";

  private BuildRunStatus() {}

  static BuildState of(JsonNode buildRun) {
    JsonNode status = buildRun.path("status");
    JsonNode condition = succeededCondition(status);
    String conditionStatus = text(condition, "status");
    String reason = text(condition, "reason");
    Instant completedAt = instant(text(status, "completionTime"));

    if (completedAt != null && "True".equals(conditionStatus) && "Succeeded".equals(reason)) {
      return BuildState.succeeded(
          FrontendPresets.builtImage(
              frontend(buildRun),
              orUnknown(image(buildRun)),
              orUnknown(repositoryUrl(buildRun)),
              orUnknown(commitSha(status)),
              completedAt));
    }
    if (CANCELED.equals(buildRun.path("spec").path("state").asText(null))
        || CANCELED.equals(reason)) {
      return BuildState.cancelled();
    }
    if (completedAt == null || !"False".equals(conditionStatus)) {
      return BuildState.inProgress();
    }
    return BuildState.failed(failure(status, condition));
  }

  /** The {@code frontend} parameter the run was started with, or null. */
  static String frontend(JsonNode buildRun) {
    // where this service writes it; the original reads spec.paramValues, where it writes nothing
    for (JsonNode params :
        new JsonNode[] {
          buildRun.path("spec").path("build").path("spec").path("paramValues"),
          buildRun.path("spec").path("paramValues")
        }) {
      for (JsonNode p : params) {
        if ("frontend".equals(text(p, "name"))) {
          return text(p, "value");
        }
      }
    }
    return null;
  }

  private static JsonNode succeededCondition(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      if ("Succeeded".equals(text(c, "type"))) {
        return c;
      }
    }
    return null;
  }

  private static String failure(JsonNode status, JsonNode condition) {
    JsonNode details = status.path("failureDetails");
    String reason = firstText(text(details, "reason"), text(condition, "reason"));
    String message = firstText(text(details, "message"), text(condition, "message"));
    if (reason == null) {
      return message == null ? "The build failed." : message;
    }
    return message == null ? reason : reason + ": " + message;
  }

  private static String image(JsonNode buildRun) {
    return firstText(
        text(buildRun.path("status").path("buildSpec").path("output"), "image"),
        text(buildRun.path("spec").path("build").path("spec").path("output"), "image"));
  }

  private static String repositoryUrl(JsonNode buildRun) {
    return firstText(
        text(buildRun.path("status").path("buildSpec").path("source").path("git"), "url"),
        text(buildRun.path("spec").path("build").path("spec").path("source").path("git"), "url"));
  }

  private static String commitSha(JsonNode status) {
    String sha = text(status.path("source").path("git"), "commitSha");
    if (sha != null) {
      return sha;
    }
    for (JsonNode s : status.path("sources")) {
      sha = text(s.path("git"), "commitSha");
      if (sha != null) {
        return sha;
      }
    }
    return null;
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null; // not a time Shipwright writes: not finished as far as we can tell
    }
  }

  private static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }

  private static String firstText(String a, String b) {
    return a != null ? a : b;
  }

  private static String orUnknown(String s) {
    return s == null ? UNKNOWN : s;
  }
}

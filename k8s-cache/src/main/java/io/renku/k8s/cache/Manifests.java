package io.renku.k8s.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Turns Kubernetes objects, as JSON trees, into cache rows: the watcher for what it sees, the data
 * service for what it has just written (so that its next read does not wait for the watcher). A
 * tree keeps this free of any Kubernetes client: fabric8 users get one with {@code
 * serialization.convertValue(resource, JsonNode.class)}.
 *
 * <p>Who owns a row follows the original watcher: the label {@value #USER_LABEL} for sessions and
 * BuildRuns (the data service puts the user id there), the fixed {@value #TASK_RUN_USER} for Tekton
 * TaskRuns (Shipwright creates them without Renku's labels; they are found by the name in their
 * BuildRun's {@code status.taskRunName}, never by owner). Other kinds are owned per the label as
 * well, if they carry it.
 */
public final class Manifests {

  /** The owner's user id; Renku sets it on sessions and builds. */
  public static final String USER_LABEL = "renku.io/safe-username";

  public static final String PROJECT_ANNOTATION = "renku.io/project_id";
  public static final String LAUNCHER_ANNOTATION = "renku.io/launcher_id";

  /** The owner of every TaskRun row, as in the original ({@code DUMMY_TASK_RUN_USER_ID}). */
  public static final String TASK_RUN_USER = "DummyTaskRunUser";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String cluster;

  /**
   * @param cluster the id of the cluster the objects come from, stored in every row
   */
  public Manifests(String cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /**
   * The cache row for an object of the given kind. The manifest keeps everything but {@code
   * metadata.managedFields} (server-side apply bookkeeping, often the largest part, never read).
   * The tree is not changed.
   *
   * @throws IllegalArgumentException if the object is not a JSON object or has no name or resource
   *     version
   */
  public CachedObject toCached(ResourceKind kind, JsonNode object) {
    JsonNode meta = object == null ? null : object.get("metadata");
    String name = text(meta, "name");
    String resourceVersion = text(meta, "resourceVersion");
    if (!(object instanceof ObjectNode root) || name == null || resourceVersion == null) {
      throw new IllegalArgumentException(kind + " without name or resourceVersion");
    }
    String namespace = text(meta, "namespace");
    JsonNode labels = meta.path("labels");
    JsonNode annotations = meta.path("annotations");
    return new CachedObject(
        cluster,
        kind.group(),
        kind.version(),
        kind.kind(),
        namespace == null ? "" : namespace,
        name,
        text(meta, "uid"),
        resourceVersion,
        owner(kind, labels),
        text(annotations, PROJECT_ANNOTATION),
        text(annotations, LAUNCHER_ANNOTATION),
        withoutManagedFields(root));
  }

  /** The row owner of an object of this kind with these labels, or null. */
  static String owner(ResourceKind kind, JsonNode labels) {
    if (kind.sameKind(ResourceKind.TASK_RUN)) {
      return TASK_RUN_USER;
    }
    return text(labels, USER_LABEL);
  }

  /**
   * The JSON text, leaving out managedFields by shallow copies (the caller's tree may be shared).
   */
  private static String withoutManagedFields(ObjectNode root) {
    ObjectNode written = root;
    if (root.get("metadata") instanceof ObjectNode metadata && metadata.has("managedFields")) {
      ObjectNode trimmed = metadata.objectNode().setAll(metadata);
      trimmed.remove("managedFields");
      written = root.objectNode().setAll(root);
      written.set("metadata", trimmed);
    }
    try {
      return JSON.writeValueAsString(written);
    } catch (JsonProcessingException e) {
      // a tree always serialises; only a broken custom node could fail here
      throw new IllegalArgumentException("object cannot be written as JSON", e);
    }
  }

  private static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
  }
}

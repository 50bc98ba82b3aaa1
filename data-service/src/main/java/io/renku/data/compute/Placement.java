package io.renku.data.compute;

import java.util.List;

/**
 * Scheduling settings of a resource class.
 *
 * @param priorityClassName the pool quota's name, which is also the name of its PriorityClass
 *     (null: none)
 * @param tolerations taint keys the pod tolerates (operator {@code Exists})
 * @param nodeAffinities node label keys the pod requires or prefers (operator {@code Exists})
 */
public record Placement(
    String priorityClassName, List<String> tolerations, List<NodeAffinity> nodeAffinities) {
  public static final Placement NONE = new Placement(null, List.of(), List.of());

  public Placement {
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    nodeAffinities = nodeAffinities == null ? List.of() : List.copyOf(nodeAffinities);
  }
}

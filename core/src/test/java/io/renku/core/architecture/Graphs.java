package io.renku.core.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Finds the cycles of a small directed graph, one per strongly connected component. */
final class Graphs {

  private Graphs() {}

  /** One cycle for each group of nodes that reach each other, written "a -> b -> a". */
  static List<String> cycles(Map<String, Set<String>> graph) {
    var cycles = new ArrayList<String>();
    var component = components(graph);
    var seen = new java.util.HashSet<Integer>();
    for (var start : graph.keySet()) {
      int id = component.get(start);
      if (!seen.add(id)) {
        continue;
      }
      var path = shortestCycle(graph, start, component);
      if (path != null) {
        cycles.add(String.join(" -> ", path));
      }
    }
    return cycles;
  }

  private static List<String> shortestCycle(
      Map<String, Set<String>> graph, String start, Map<String, Integer> component) {
    Map<String, String> parent = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      var node = queue.poll();
      for (var next : graph.getOrDefault(node, Set.of())) {
        if (!component.get(next).equals(component.get(start))) {
          continue;
        }
        if (next.equals(start)) {
          var path = new ArrayList<String>();
          for (var at = node; at != null; at = parent.get(at)) {
            path.addFirst(at);
          }
          path.add(start);
          return path;
        }
        if (!parent.containsKey(next)) {
          parent.put(next, node);
          queue.add(next);
        }
      }
    }
    return null;
  }

  /** The edges that lie on some cycle (both ends in one group of mutually reachable nodes). */
  static Set<String> cyclicEdges(Map<String, Set<String>> graph) {
    var component = components(graph);
    var edges = new java.util.TreeSet<String>();
    graph.forEach(
        (from, tos) ->
            tos.forEach(
                to -> {
                  if (component.get(from).equals(component.get(to))) {
                    edges.add(from + " -> " + to);
                  }
                }));
    return edges;
  }

  /** Tarjan's strongly connected components: node to component number. */
  private static Map<String, Integer> components(Map<String, Set<String>> graph) {
    var state =
        new Object() {
          int counter;
          int components;
          final Map<String, Integer> index = new TreeMap<>();
          final Map<String, Integer> low = new TreeMap<>();
          final Deque<String> stack = new ArrayDeque<>();
          final Set<String> onStack = new java.util.HashSet<>();
          final Map<String, Integer> component = new TreeMap<>();

          void visit(String node) {
            index.put(node, counter);
            low.put(node, counter++);
            stack.push(node);
            onStack.add(node);
            for (var next : graph.getOrDefault(node, Set.of())) {
              if (!index.containsKey(next)) {
                visit(next);
                low.put(node, Math.min(low.get(node), low.get(next)));
              } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
              }
            }
            if (low.get(node).equals(index.get(node))) {
              String member;
              do {
                member = stack.pop();
                onStack.remove(member);
                component.put(member, components);
              } while (!member.equals(node));
              components++;
            }
          }
        };
    var nodes = new java.util.TreeSet<String>(graph.keySet());
    graph.values().forEach(nodes::addAll);
    for (var node : nodes) {
      if (!state.index.containsKey(node)) {
        state.visit(node);
      }
    }
    return state.component;
  }
}

package io.renku.session.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.session.crd.AmaltheaSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The children this operator writes for a session equal the ones the Go operator templates for the
 * same session. Each case under {@code golden/<case>/} holds {@code session.yaml} (the input) and
 * {@code children.yaml} (the expected children as a {@code v1 List}, written down from the Go
 * operator's code: a comment before each item names the Go functions it was derived from).
 *
 * <p>The comparison is semantic: both sides are JSON trees in which absent, {@code null}, empty
 * lists and empty objects are the same (the Go encoder writes empty structs such as {@code
 * resources: {}}, fabric8 leaves empty collections out; the API server stores neither), except
 * {@code emptyDir: {}} and the elements of lists (such as {@code tls: [{}]}), which mean something.
 * This operator's own bookkeeping annotation ({@value DesiredChildren#SPEC_HASH_ANNOTATION}) is
 * left out. The Go operator reads {@code SIDECARS_IMAGE}; both sides use its default.
 */
class GoldenChildrenTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final OperatorSettings GO_DEFAULTS =
      OperatorSettings.fromEnv(Map.of("SIDECARS_IMAGE", "renku/sidecars:latest"));
  private static final Set<String> MEANINGFUL_EMPTY = Set.of("emptyDir");

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(GoldenChildrenTest.class.getResource("/golden").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void childrenEqualTheGoOperators(String name) throws Exception {
    Path dir = Path.of(GoldenChildrenTest.class.getResource("/golden/" + name).toURI());
    AmaltheaSession session =
        JSON.unmarshal(Files.readString(dir.resolve("session.yaml")), AmaltheaSession.class);
    assertThat(DesiredChildren.unsupported(session.getSpec(), GO_DEFAULTS)).isEmpty();
    String runId = session.getStatus() == null ? null : session.getStatus().runID();

    var children = DesiredChildren.of(session, GO_DEFAULTS, runId);
    Map<String, Object> actual = new TreeMap<>();
    List<HasMetadata> all = new ArrayList<>();
    all.add(children.statefulSet());
    all.add(children.pvc());
    all.addAll(children.dataSourceClaims());
    all.add(children.service());
    children.ingress().ifPresent(all::add);
    all.add(children.secret());
    for (HasMetadata child : all) {
      actual.put(key(child.getKind(), child.getMetadata().getName()), tree(child));
    }

    Map<String, Object> expected = new TreeMap<>();
    // One v1 List, so that YAML anchors can share labels and owner references between items.
    @SuppressWarnings("unchecked")
    Map<String, Object> list =
        JSON.unmarshal(Files.readString(dir.resolve("children.yaml")), Map.class);
    for (Object item : (List<Object>) list.get("items")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) item;
      @SuppressWarnings("unchecked")
      var metadata = (Map<String, Object>) object.get("metadata");
      expected.put(
          key((String) object.get("kind"), (String) metadata.get("name")), normalize(object, null));
    }

    List<String> differences = new ArrayList<>();
    for (String k : new TreeSet<>(union(expected.keySet(), actual.keySet()))) {
      diff(k, expected.get(k), actual.get(k), differences);
    }
    if (!differences.isEmpty()) {
      fail(
          "children of golden case "
              + name
              + " differ from the Go operator's (expected = Go, actual = ours):\n  "
              + String.join("\n  ", differences));
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static String key(String kind, String name) {
    return kind + "/" + name;
  }

  @SuppressWarnings("unchecked")
  private static Object tree(HasMetadata child) {
    Map<String, Object> object = JSON.unmarshal(JSON.asJson(child), Map.class);
    var annotations =
        (Map<String, Object>) ((Map<String, Object>) object.get("metadata")).get("annotations");
    if (annotations != null) {
      annotations.remove(DesiredChildren.SPEC_HASH_ANNOTATION);
    }
    return normalize(object, null);
  }

  /**
   * Drops nulls, empty lists and empty objects, except the meaningful ones: {@code emptyDir: {}}
   * and list elements; whole numbers become longs (the two sides parse them differently).
   */
  @SuppressWarnings("unchecked")
  static Object normalize(Object value, String key) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (var e : ((Map<String, Object>) map).entrySet()) {
        Object v = normalize(e.getValue(), e.getKey());
        if (v != null) {
          out.put(e.getKey(), v);
        }
      }
      boolean keepEmpty = key == null || MEANINGFUL_EMPTY.contains(key);
      return out.isEmpty() && !keepEmpty ? null : out;
    }
    if (value instanceof List<?> list) {
      // null as key: an element is kept even when it is an empty object (tls: [{}]).
      List<Object> out = list.stream().map(item -> normalize(item, null)).toList();
      return out.isEmpty() ? null : out;
    }
    if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
      return n.longValue();
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static void diff(String path, Object expected, Object actual, List<String> out) {
    if (Objects.equals(expected, actual)) {
      return;
    }
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      for (String k : union((Set<String>) e.keySet(), (Set<String>) a.keySet())) {
        diff(path + "." + k, e.get(k), a.get(k), out);
      }
      return;
    }
    if (expected instanceof List<?> e && actual instanceof List<?> a && e.size() == a.size()) {
      for (int i = 0; i < e.size(); i++) {
        diff(path + "[" + i + "]", e.get(i), a.get(i), out);
      }
      return;
    }
    out.add(path + ": expected " + show(expected) + " but was " + show(actual));
  }

  private static String show(Object value) {
    if (value == null) {
      return "(absent)";
    }
    try {
      return JSON.asJson(value);
    } catch (RuntimeException e) {
      return String.valueOf(value);
    }
  }
}

package io.renku.it.helm;

import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * fabric8's model keeps a field it does not know in each object's additionalProperties instead of
 * failing; walking the typed tree and refusing any such leftover is what makes "parsed into the
 * typed model" mean "every field is one Kubernetes knows" (a misspelt or misplaced key fails).
 */
final class UnknownFields {
  private UnknownFields() {}

  static void assertNone(Object root, String where) {
    walk(root, where, new IdentityHashMap<>());
  }

  private static void walk(Object o, String path, IdentityHashMap<Object, Boolean> seen) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, path + "[" + i++ + "]", seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k, seen));
      return;
    }
    if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method g : o.getClass().getMethods()) {
      if (g.getParameterCount() != 0
          || Modifier.isStatic(g.getModifiers())
          || !g.getName().startsWith("get")
          || g.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = g.invoke(o);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (g.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          fail("unknown field(s) %s at %s", extra.keySet(), path);
        }
        continue;
      }
      String field = Character.toLowerCase(g.getName().charAt(3)) + g.getName().substring(4);
      walk(value, path + "." + field, seen);
    }
  }
}

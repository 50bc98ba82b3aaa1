package io.renku.sidecars.authproxy;

/**
 * The Go proxy's {@code strip_path_prefix}: a request whose target starts with {@code /<prefix>/}
 * goes to the remote as {@code /<rest>} (query kept), with dot segments resolved (Go resolves the
 * rewritten URL as a reference); other targets pass unchanged. The prefix is read with a leading
 * and a trailing slash added when missing, as Go does.
 *
 * <p>One deviation: echo's rule is a regular expression not anchored at the start, so Go also
 * rewrites {@code /anything/<prefix>/x} to {@code /x}; here the prefix must be at the start.
 */
final class PathRewrite {
  private final String prefix;

  PathRewrite(String stripPathPrefix) {
    if (stripPathPrefix.isEmpty()) {
      prefix = "";
      return;
    }
    String p = stripPathPrefix.startsWith("/") ? stripPathPrefix : "/" + stripPathPrefix;
    prefix = p.endsWith("/") ? p : p + "/";
  }

  boolean active() {
    return !prefix.isEmpty();
  }

  String prefix() {
    return prefix;
  }

  /** The target the remote gets for a request target in origin form. */
  String apply(String target) {
    if (prefix.isEmpty() || !target.startsWith(prefix)) {
      return target;
    }
    String rest = "/" + target.substring(prefix.length());
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q);
    return removeDotSegments(path) + query;
  }

  /** RFC 3986 5.2.4 on an absolute path; repeated leading slashes become one. */
  static String removeDotSegments(String path) {
    String[] segments = path.split("/", -1);
    java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if (s.equals(".")) {
        if (last) {
          out.addLast("");
        }
      } else if (s.equals("..")) {
        out.pollLast();
        if (last) {
          out.addLast("");
        }
      } else {
        out.addLast(s);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String s : out) {
      sb.append('/').append(s);
    }
    String result = sb.isEmpty() ? "/" : sb.toString();
    while (result.startsWith("//")) {
      result = result.substring(1);
    }
    return result;
  }
}

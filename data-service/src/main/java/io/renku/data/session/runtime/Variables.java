package io.renku.data.session.runtime;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' {@code $(VAR)} expansion in a session's command, arguments and variables, which every
 * runtime applies the same way: a known name is replaced by its value, an unknown one stays as it
 * is.
 */
public final class Variables {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private Variables() {}

  public static String expand(String value, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = vars.get(m.group(1));
      m.appendReplacement(
          out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}

package io.renku.data.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment variable names a launcher or a session request may not set: the one list, used by
 * the API to refuse them (422) and by the runtimes to drop them from what they are given.
 *
 * <p>Why each: {@code RENKU_*} and {@code JUPYTER_*} are the platform's own ({@code
 * RENKU_SESSION_TOKEN} and {@code JUPYTER_TOKEN} hold the secret the gateway presents to the
 * session: a project editor who set them would know every user's session token, and other {@code
 * JUPYTER_*} point Jupyter at configuration files, which are code). {@code PATH}, {@code HOME},
 * {@code USER}, {@code SHELL} decide which programs run and where their start-up files are read
 * from. {@code LD_*} ({@code LD_PRELOAD}, {@code LD_LIBRARY_PATH}) load code into every program;
 * {@code PYTHON*} ({@code PYTHONPATH}, {@code PYTHONSTARTUP}, {@code PYTHONHOME}) into every Python
 * program, which Jupyter is; {@code BASH_ENV} and {@code ENV} name scripts a shell runs at start.
 * Names are compared without regard to case, as some programs read them so.
 */
public final class ReservedVariables {
  private static final List<String> EXACT =
      List.of("PATH", "HOME", "USER", "SHELL", "BASH_ENV", "ENV");
  private static final List<String> PREFIXES = List.of("RENKU_", "JUPYTER_", "LD_", "PYTHON");

  private ReservedVariables() {}

  /** Whether a launcher or a request may not set {@code name}. */
  public static boolean isReserved(String name) {
    if (name == null) {
      return false;
    }
    String upper = name.toUpperCase(Locale.ROOT);
    return EXACT.contains(upper) || PREFIXES.stream().anyMatch(upper::startsWith);
  }

  /** Why {@code name} is refused, for the error message. */
  public static String why(String name) {
    return name
        + " is reserved: the platform sets it, or it changes which code the session runs"
        + " (reserved: PATH, HOME, USER, SHELL, BASH_ENV, ENV and names starting with RENKU_,"
        + " JUPYTER_, LD_ or PYTHON)";
  }

  /**
   * {@code vars} without the reserved names, in order: what a runtime applies before its own
   * variables, so that rows written before names were refused cannot override the platform's.
   */
  public static Map<String, String> withoutReserved(Map<String, String> vars) {
    Map<String, String> out = new LinkedHashMap<>();
    vars.forEach(
        (k, v) -> {
          if (!isReserved(k)) {
            out.put(k, v);
          }
        });
    return out;
  }
}

package io.renku.data.launcher;

import io.renku.core.RenkuException;
import java.util.List;

/** Checks the names of the variables a launcher or a session request sets. */
public final class VariableNames {
  private VariableNames() {}

  /**
   * 422 naming {@code field[i].name} for the first reserved name ({@link ReservedVariables}): a
   * launcher that set {@code JUPYTER_TOKEN} would tell its editors every user's session token.
   */
  public static void requireNotReserved(String field, List<Launcher.EnvVariable> vars) {
    if (vars == null) {
      return;
    }
    for (int i = 0; i < vars.size(); i++) {
      String name = vars.get(i).name();
      if (ReservedVariables.isReserved(name)) {
        throw RenkuException.validation(field + "[" + i + "].name", ReservedVariables.why(name));
      }
    }
  }
}

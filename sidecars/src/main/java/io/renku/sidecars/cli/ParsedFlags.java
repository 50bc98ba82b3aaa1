package io.renku.sidecars.cli;

import java.util.Map;
import java.util.Optional;

/**
 * The flags given on a command line: {@link #given} tells whether the user wrote a flag (what
 * viper's precedence needs: a flag given beats the environment, a default does not).
 */
public record ParsedFlags(Map<String, Flag> spec, Map<String, String> values, boolean help) {
  public Optional<String> given(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The given value or the flag's default. */
  public String get(String name) {
    Flag flag = spec.get(name);
    if (flag == null) {
      throw new IllegalArgumentException("no flag " + name);
    }
    return values.getOrDefault(name, flag.defaultValue());
  }
}

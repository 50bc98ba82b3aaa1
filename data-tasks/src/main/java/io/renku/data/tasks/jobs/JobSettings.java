package io.renku.data.tasks.jobs;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reading the jobs' environment: blank counts as unset; errors name the variable. */
final class JobSettings {
  private JobSettings() {}

  static String required(Map<String, String> env, String name) {
    String v = optional(env, name, null);
    if (v == null) {
      throw new IllegalArgumentException("set " + name);
    }
    return v;
  }

  static String optional(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** Seconds ("30") or ISO-8601 ("PT5M"). */
  static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String v = optional(env, name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return v.chars().allMatch(Character::isDigit)
          ? Duration.ofSeconds(Long.parseLong(v))
          : Duration.parse(v);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(name + " is not a duration: " + v);
    }
  }
}

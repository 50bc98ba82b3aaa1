package io.renku.data.storage;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One option of a storage type, as rclone describes it (after Renku's patches).
 *
 * @param provider the values of the configuration's {@code provider} option this option applies to:
 *     empty for all, a comma-separated list, or a list after {@code !} for all but those
 * @param defaultValue rclone's default (a string, number, boolean, list, or a {@code {value,valid}}
 *     object for Tristate options)
 * @param password whether the value is a password that rclone expects obscured
 * @param sensitive whether the value is a credential (never stored with a configuration)
 * @param type rclone's type name: int, bool, string, Duration, SizeSuffix, Tristate, ...
 */
public record StorageOption(
    String name,
    String help,
    String provider,
    Object defaultValue,
    String defaultStr,
    List<StorageExample> examples,
    boolean required,
    boolean password,
    boolean sensitive,
    boolean advanced,
    boolean exclusive,
    String type) {

  /** Whether the value is a credential of some kind (a password or marked sensitive). */
  public boolean isSecret() {
    return password || sensitive;
  }

  /** Whether this option applies when the configuration's {@code provider} is {@code given}. */
  public boolean appliesTo(String given) {
    if (provider == null || provider.isEmpty()) {
      return true;
    }
    boolean negated = provider.startsWith("!");
    List<String> listed = Arrays.asList((negated ? provider.substring(1) : provider).split(","));
    return listed.contains(given) != negated;
  }

  /**
   * Whether rclone's default counts as a value for a required option (as the original: an empty
   * string, zero, false or an empty list do not).
   */
  public boolean hasDefault() {
    return switch (defaultValue) {
      case null -> false;
      case String s -> !s.isEmpty();
      case Boolean b -> b;
      case Number n -> n.doubleValue() != 0;
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }
}

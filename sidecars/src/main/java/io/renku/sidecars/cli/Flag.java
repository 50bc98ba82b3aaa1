package io.renku.sidecars.cli;

import java.util.List;

/**
 * One command-line flag, spelled {@code --name value} or {@code --name=value} like the Go sidecars'
 * (cobra/pflag); a boolean flag takes no value ({@code --verbose}) or an explicit one ({@code
 * --verbose=false}).
 *
 * @param name the long name, without dashes
 * @param kind how the value is read and checked
 * @param defaultValue the value when the flag is not given (as text; "" for none)
 * @param usage one line for the help text
 * @param allowed for {@link Kind#ENUM}, the values accepted
 */
public record Flag(
    String name, Kind kind, String defaultValue, String usage, List<String> allowed) {
  public enum Kind {
    STRING,
    INT,
    BOOL,
    ENUM
  }

  public static Flag string(String name, String defaultValue, String usage) {
    return new Flag(name, Kind.STRING, defaultValue, usage, List.of());
  }

  public static Flag integer(String name, int defaultValue, String usage) {
    return new Flag(name, Kind.INT, Integer.toString(defaultValue), usage, List.of());
  }

  public static Flag bool(String name, String usage) {
    return new Flag(name, Kind.BOOL, "false", usage, List.of());
  }

  public static Flag oneOf(String name, List<String> allowed, String defaultValue, String usage) {
    return new Flag(name, Kind.ENUM, defaultValue, usage, List.copyOf(allowed));
  }

  /** The value checked for this flag's kind; the message is pflag's where it has one. */
  String check(String value) {
    switch (kind) {
      case INT -> {
        try {
          Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
          throw new UsageException(
              "invalid argument \"" + value + "\" for \"--" + name + "\" flag: not an integer");
        }
        return value.strip();
      }
      case BOOL -> {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
          case "1", "t", "true" -> "true";
          case "0", "f", "false" -> "false";
          default ->
              throw new UsageException(
                  "invalid argument \"" + value + "\" for \"--" + name + "\" flag: not a boolean");
        };
      }
      case ENUM -> {
        if (!allowed.contains(value)) {
          throw new UsageException(
              "invalid argument \""
                  + value
                  + "\" for \"--"
                  + name
                  + "\" flag: "
                  + value
                  + " is not included in "
                  + String.join(",", allowed));
        }
        return value;
      }
      default -> {
        return value;
      }
    }
  }
}

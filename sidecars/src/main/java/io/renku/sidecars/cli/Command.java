package io.renku.sidecars.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A leaf command of the sidecars program ({@code proxy serve}, {@code cloner clone}): its flags,
 * how they are parsed, and the help text, in the shape of the Go binary's cobra commands so that
 * the operator's {@code args} mean the same to both images.
 */
public final class Command {
  private final String path;
  private final String description;
  private final Map<String, Flag> flags = new LinkedHashMap<>();

  public Command(String path, String description, List<Flag> flags) {
    this.path = path;
    this.description = description;
    for (Flag f : flags) {
      this.flags.put(f.name(), f);
    }
  }

  public String path() {
    return path;
  }

  /**
   * Reads {@code --name value}, {@code --name=value}, {@code --bool}, {@code --help}/{@code -h};
   * other words are positional and ignored (cobra accepts them on these commands too); {@code --}
   * ends the flags.
   */
  public ParsedFlags parse(List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unknown shorthand flag: '" + arg.substring(1, 2) + "' in " + arg);
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      Flag flag = flags.get(name);
      if (flag == null) {
        throw new UsageException("unknown flag: --" + name);
      }
      String value;
      if (eq >= 0) {
        value = body.substring(eq + 1);
      } else if (flag.kind() == Flag.Kind.BOOL) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException("flag needs an argument: --" + name);
      }
      values.put(name, flag.check(value));
    }
    return new ParsedFlags(Map.copyOf(flags), values, help);
  }

  /** Checks a value read from elsewhere (environment, config file) as the flag's kind. */
  public String check(String name, String value) {
    return flags.get(name).check(value);
  }

  public void printHelp(PrintStream out) {
    out.println(description);
    out.println();
    out.println("Usage:");
    out.println("  sidecars " + path + " [flags]");
    out.println();
    out.println("Flags:");
    List<String[]> rows = new ArrayList<>();
    for (Flag f : flags.values()) {
      String type =
          switch (f.kind()) {
            case BOOL -> "";
            case INT -> " int";
            default -> " string";
          };
      String def =
          f.defaultValue().isEmpty() || f.kind() == Flag.Kind.BOOL
              ? ""
              : " (default " + (f.kind() == Flag.Kind.INT ? f.defaultValue() : quote(f)) + ")";
      rows.add(new String[] {"      --" + f.name() + type, f.usage() + def});
    }
    rows.add(new String[] {"  -h, --help", "help for " + path.substring(path.indexOf(' ') + 1)});
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    for (String[] r : rows) {
      out.println(r[0] + " ".repeat(width - r[0].length() + 3) + r[1]);
    }
  }

  private static String quote(Flag f) {
    return "\"" + f.defaultValue() + "\"";
  }
}

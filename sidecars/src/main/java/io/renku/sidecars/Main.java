package io.renku.sidecars;

import io.renku.sidecars.authproxy.ProxyCommand;
import io.renku.sidecars.cli.UsageException;
import io.renku.sidecars.cloner.CloneCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The sidecars program: one executable whose subcommands are the Go {@code renku/sidecars}
 * binary's, so that the {@code args} the operator writes ({@code proxy serve ...}, {@code cloner
 * clone ...}) run either image unchanged.
 *
 * <pre>
 *   sidecars version
 *   sidecars proxy serve  [--remote URL] [--port N] [--meta_port N] [--token T] [--cookie_key K]
 *                         [--strip_path_prefix P] [--verbose] [--config FILE]
 *   sidecars cloner clone --remote URL --path DIR [--revision R] [--config FILE]
 *                         [--strategy notifexist|overwrite|nostrategy] [--verbose]
 * </pre>
 *
 * The Go binary's {@code tunnel}, {@code gitproxy} and {@code remote-session-controller} commands
 * (remote sessions) are not here: they answer "unknown command" like any other word.
 */
public final class Main {
  /** Names the Go binary answers with {@code version}; ours says which implementation it is. */
  static final String VERSION_LINE = "sidecars (renku-java)";

  private Main() {}

  public static void main(String[] args) {
    int code = run(Arrays.asList(args), System.out, System.err, System.getenv());
    System.exit(code);
  }

  /**
   * Runs one command line; returns the exit code (0 ok, 1 error) like the Go binary. {@code proxy
   * serve} returns only when the proxy is stopped.
   */
  public static int run(
      List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    try {
      if (args.isEmpty() || isHelp(args.getFirst()) || args.getFirst().equals("help")) {
        printRootHelp(out);
        return 0;
      }
      String first = args.getFirst();
      List<String> rest = args.subList(1, args.size());
      return switch (first) {
        case "version" -> {
          out.println(VERSION_LINE);
          yield 0;
        }
        case "proxy" ->
            group(
                "proxy",
                "serve",
                "Authentication proxy",
                rest,
                out,
                () -> ProxyCommand.run(rest.subList(1, rest.size()), out, err, env));
        case "cloner" ->
            group(
                "cloner",
                "clone",
                "Cloning utilities",
                rest,
                out,
                () -> CloneCommand.run(rest.subList(1, rest.size()), out, err));
        default -> throw new UsageException("unknown command \"" + first + "\" for \"sidecars\"");
      };
    } catch (UsageException e) {
      err.println("Error: " + e.getMessage());
      err.println("Run 'sidecars --help' for usage.");
      return 1;
    }
  }

  private static int group(
      String name,
      String sub,
      String description,
      List<String> rest,
      PrintStream out,
      java.util.function.IntSupplier leaf) {
    if (rest.isEmpty() || isHelp(rest.getFirst())) {
      out.println(description);
      out.println();
      out.println("Usage:");
      out.println("  sidecars " + name + " [command]");
      out.println();
      out.println("Available Commands:");
      out.println("  " + sub);
      return 0;
    }
    if (!rest.getFirst().equals(sub)) {
      throw new UsageException(
          "unknown command \"" + rest.getFirst() + "\" for \"sidecars " + name + "\"");
    }
    return leaf.getAsInt();
  }

  private static boolean isHelp(String arg) {
    return arg.equals("-h") || arg.equals("--help");
  }

  private static void printRootHelp(PrintStream out) {
    out.println("Amalthea sidecar utilities");
    out.println();
    out.println("Usage:");
    out.println("  sidecars [command]");
    out.println();
    out.println("Available Commands:");
    out.println("  cloner      Cloning utilities");
    out.println("  proxy       Authentication proxy");
    out.println("  version     Print the version number of the sidecar executable");
  }
}

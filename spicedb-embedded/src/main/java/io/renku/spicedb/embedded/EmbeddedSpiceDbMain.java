package io.renku.spicedb.embedded;

/**
 * Runs an embedded SpiceDB as a standalone server:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... io.renku.spicedb.embedded.EmbeddedSpiceDbMain \
 *     --port 50051 [--host 127.0.0.1] [--preshared-key KEY]
 * </pre>
 *
 * The key may also come from the environment variable {@code SPICEDB_GRPC_PRESHARED_KEY} (the name
 * SpiceDB itself reads), which keeps it out of the process list.
 */
public final class EmbeddedSpiceDbMain {

  private EmbeddedSpiceDbMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedSpiceDbOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: EmbeddedSpiceDbMain [--port 50051] [--host 127.0.0.1] [--preshared-key KEY]");
      System.exit(2);
      return;
    }
    EmbeddedSpiceDb db = EmbeddedSpiceDb.start(options);
    // SIGTERM/SIGINT: stop serving and dispose the engine, which removes its unix socket file.
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "spicedb-shutdown"));
    System.out.println("SpiceDB (embedded v1.54) listening on " + db.target());
    db.awaitTermination();
  }

  static EmbeddedSpiceDbOptions parse(String[] args) {
    EmbeddedSpiceDbOptions options =
        EmbeddedSpiceDbOptions.defaults()
            .withPort(50051)
            .withPresharedKey(blankToNull(System.getenv("SPICEDB_GRPC_PRESHARED_KEY")));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + arg);
      }
      String value = args[++i];
      options =
          switch (arg) {
            case "--port" -> options.withPort(parsePort(value));
            case "--host" -> options.withHost(value);
            case "--preshared-key" -> options.withPresharedKey(value);
            default -> throw new IllegalArgumentException("unknown option " + arg);
          };
    }
    return options;
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

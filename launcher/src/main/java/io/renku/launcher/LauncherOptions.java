package io.renku.launcher;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the launcher.
 *
 * @param command {@code up} (run the platform) or {@code token} (print an access token)
 * @param dataDir where Postgres data and keys live; survives restarts
 * @param port the one HTTP port everything is reached through
 * @param postgresPort the embedded Postgres port; 0 picks a free one
 * @param authzEngine {@code spicedb} (the embedded engine) or {@code postgres} (the schema
 *     evaluated over the relationship table; no engine is started)
 * @param subject the token subject (user id) for {@code token}; derived from the name if null
 * @param publicUrlOption the address browsers use ({@code --public-url}); {@code
 *     http://localhost:PORT} when null
 * @param dataServiceOverHttp {@code --data-service-over-http}: the gateway reaches the data service
 *     over a loopback connection, as in a cluster, instead of in process (for comparisons)
 * @param listen the address the gateway's port is bound to ({@code --listen}): {@code 127.0.0.1}
 *     unless the platform is meant to be reached from other machines
 * @param sessionRuntime {@code --session-runtime}: {@code container} (podman), {@code process}
 *     (bare processes, for machines without a container engine) or {@code auto} (containers where
 *     podman is installed)
 * @param logFormat {@code --log-format}: {@code text} (readable lines on the console, JSON lines in
 *     the data directory's {@code logs/renku.log}) or {@code json} (JSON lines on the console, as
 *     in a cluster); {@code json} too when {@code RENKU_LOG_FORMAT} (the services' structured
 *     format) is set
 */
public record LauncherOptions(
    String command,
    Path dataDir,
    int port,
    int postgresPort,
    String authzEngine,
    String user,
    String subject,
    String email,
    boolean admin,
    String publicUrlOption,
    boolean dataServiceOverHttp,
    String listen,
    String sessionRuntime,
    String logFormat,
    List<String> rest) {

  /** Only this machine reaches the platform unless {@code --listen} says otherwise. */
  public static final String DEFAULT_LISTEN = "127.0.0.1";

  /** Whether {@link #listen()} is a loopback address (only this machine can connect). */
  public boolean listensOnLoopbackOnly() {
    return InetAddress.ofLiteral(listen).isLoopbackAddress();
  }

  /** The platform's address as browsers see it, without a trailing slash. */
  public String publicUrl() {
    String url = publicUrlOption == null ? "http://localhost:" + port : publicUrlOption;
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public static LauncherOptions parse(String[] args) {
    String command = "up";
    Path dataDir = Path.of(System.getProperty("user.home"), ".renku");
    int port = 8080;
    int postgresPort = 0;
    String authzEngine = "spicedb";
    String user = null;
    String subject = null;
    String email = null;
    boolean admin = false;
    String publicUrl = null;
    boolean dataServiceOverHttp = false;
    String listen = DEFAULT_LISTEN;
    String sessionRuntime = "auto";
    String env = System.getenv("RENKU_LOG_FORMAT");
    String logFormat = env == null || env.isBlank() ? "text" : "json";
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "up", "token" -> command = a;
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
        case "--port" -> port = Integer.parseInt(value(args, ++i, a));
        case "--postgres-port" -> postgresPort = Integer.parseInt(value(args, ++i, a));
        case "--authz-engine" -> authzEngine = value(args, ++i, a);
        case "--user" -> user = value(args, ++i, a);
        case "--sub" -> subject = value(args, ++i, a);
        case "--email" -> email = value(args, ++i, a);
        case "--admin" -> admin = true;
        case "--public-url" -> publicUrl = value(args, ++i, a);
        case "--data-service-over-http" -> dataServiceOverHttp = true;
        case "--listen" -> listen = value(args, ++i, a);
        case "--session-runtime" -> sessionRuntime = value(args, ++i, a);
        case "--log-format" -> logFormat = value(args, ++i, a);
        default -> {
          if (a.startsWith("--log-format=")) {
            logFormat = a.substring("--log-format=".length());
          } else {
            rest.add(a);
          }
        }
      }
    }
    if (!authzEngine.equals("spicedb") && !authzEngine.equals("postgres")) {
      throw new IllegalArgumentException("--authz-engine must be spicedb or postgres");
    }
    if (!List.of("auto", "container", "process").contains(sessionRuntime)) {
      throw new IllegalArgumentException("--session-runtime must be auto, container or process");
    }
    if (!List.of("text", "json").contains(logFormat)) {
      throw new IllegalArgumentException("--log-format must be text or json");
    }
    try {
      InetAddress.ofLiteral(listen);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--listen must be an IP address of this machine, e.g. 0.0.0.0 (every interface) or"
              + " 127.0.0.1 (this machine only)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 1 and 65535");
    }
    return new LauncherOptions(
        command,
        dataDir.toAbsolutePath(),
        port,
        postgresPort,
        authzEngine,
        user,
        subject,
        email,
        admin,
        publicUrl,
        dataServiceOverHttp,
        listen,
        sessionRuntime,
        logFormat,
        rest);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}

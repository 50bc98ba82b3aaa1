package io.renku.sidecars.authproxy;

import io.renku.sidecars.cli.Command;
import io.renku.sidecars.cli.Flag;
import io.renku.sidecars.cli.ParsedFlags;
import io.renku.sidecars.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code sidecars proxy serve}: reads the settings and runs {@link AuthProxy} until stopped. */
public final class ProxyCommand {
  static final String PREFIX = "authproxy";

  public static final Command COMMAND =
      new Command(
          "proxy serve",
          "Run the proxy",
          List.of(
              Flag.string("remote", "", "remote URL to proxy to"),
              Flag.string(
                  "strip_path_prefix", "", "the URL path prefix to strip from all requests"),
              Flag.integer("port", 65535, "port on which the proxy will listen"),
              Flag.integer(
                  "meta_port", 65534, "port on which the proxy will expose metadata endpoints"),
              Flag.string("cookie_key", "renku-auth", "cookie key where to find the token"),
              Flag.string(
                  "token",
                  "",
                  "secret token for authentication, if not defined or left blank then there will"
                      + " be no authentication."),
              Flag.bool("verbose", "make the proxy verbose"),
              Flag.string(
                  "withhold_cookies",
                  ProxySettings.DEFAULT_WITHHELD_COOKIES,
                  "comma-separated cookies never forwarded to the remote (not in the Go proxy)"),
              Flag.string(
                  "config",
                  "",
                  "config file that can provide all the other config options, precedence is given"
                      + " to CLI args over values in the file")));

  private ProxyCommand() {}

  public static int run(
      List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    ParsedFlags flags = COMMAND.parse(args);
    if (flags.help()) {
      COMMAND.printHelp(out);
      return 0;
    }
    ProxySettings settings;
    try {
      settings = resolve(flags, env, out);
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
    AuthProxy proxy;
    try {
      proxy = AuthProxy.start(settings, new ProxyLog(out, settings.verbose()));
    } catch (IOException e) {
      err.println("Error: cannot listen: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM (Kubernetes stopping the pod) and SIGINT end the JVM through its shutdown hooks.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  proxy.close();
                  stopped.countDown();
                }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      proxy.close();
    }
    return 0;
  }

  /** Flag given, else {@code AUTHPROXY_*} variable, else config file, else default (viper). */
  public static ProxySettings resolve(ParsedFlags flags, Map<String, String> env, PrintStream out)
      throws IOException {
    Map<String, Object> file = Map.of();
    String config = flags.get("config");
    if (!config.isEmpty()) {
      file = readConfig(Path.of(config));
      out.println("Using config file: " + config);
    }
    String remote = value("remote", flags, env, file);
    if (remote.isEmpty()) {
      throw new UsageException("required flag(s) \"remote\" not set");
    }
    URI remoteUri;
    try {
      remoteUri = new URI(remote);
    } catch (URISyntaxException e) {
      throw new UsageException("invalid remote URL: " + e.getMessage());
    }
    try {
      return new ProxySettings(
          remoteUri,
          Integer.parseInt(value("port", flags, env, file)),
          Integer.parseInt(value("meta_port", flags, env, file)),
          value("token", flags, env, file),
          value("cookie_key", flags, env, file),
          value("strip_path_prefix", flags, env, file),
          Boolean.parseBoolean(value("verbose", flags, env, file)),
          ProxySettings.cookieNames(value("withhold_cookies", flags, env, file)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static String value(
      String name, ParsedFlags flags, Map<String, String> env, Map<String, Object> file) {
    var given = flags.given(name);
    if (given.isPresent()) {
      return given.get();
    }
    // viper ignores an empty variable (AllowEmptyEnv is off).
    String fromEnv = env.get((PREFIX + "_" + name).toUpperCase(Locale.ROOT));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return COMMAND.check(name, fromEnv);
    }
    Object fromFile = file.get(name);
    if (fromFile != null) {
      return COMMAND.check(name, String.valueOf(fromFile));
    }
    return flags.get(name);
  }

  /** The {@code authproxy:} section of the YAML file; keys are matched case-insensitively. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readConfig(Path path) throws IOException {
    Object root;
    try (InputStream in = Files.newInputStream(path)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      root = new Yaml(new SafeConstructor(options)).load(in);
    } catch (NoSuchFileException e) {
      throw new IOException("open " + path + ": no such file or directory", e);
    } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
      // The parser's own message quotes the offending line, which may hold the token.
      var mark = e.getProblemMark();
      throw new IOException(
          "While parsing config: not valid YAML"
              + (mark == null
                  ? ""
                  : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)));
    } catch (RuntimeException e) {
      throw new IOException("While parsing config: not valid YAML");
    }
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new IOException("While parsing config: the file is not a YAML mapping");
    }
    for (var e : top.entrySet()) {
      if (String.valueOf(e.getKey()).equalsIgnoreCase(PREFIX)) {
        if (e.getValue() == null) {
          return Map.of();
        }
        if (!(e.getValue() instanceof Map<?, ?> section)) {
          throw new IOException("While parsing config: authproxy is not a mapping");
        }
        java.util.HashMap<String, Object> lower = new java.util.HashMap<>();
        section.forEach((k, v) -> lower.put(String.valueOf(k).toLowerCase(Locale.ROOT), v));
        return (Map<String, Object>) (Map<?, ?>) lower;
      }
    }
    return Map.of();
  }
}

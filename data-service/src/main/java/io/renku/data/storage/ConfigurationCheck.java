package io.renku.data.storage;

import io.renku.core.RenkuException;
import io.renku.data.build.RepositoryAddress;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an rclone configuration against the schema: a known, allowed storage type; only options of
 * that type (the allow-list left out those that read local files or run programs); the required
 * ones present; values of the option's type; and addresses that the platform may reach. Every
 * failure is a 422 naming the option.
 */
final class ConfigurationCheck {
  /** Options whose value is a host or URL that rclone connects to. */
  static final Set<String> ADDRESS_OPTIONS =
      Set.of("endpoint", "url", "host", "auth_url", "token_url", "sas_url", "doi_resolver_api_url");

  /**
   * Options the original allows but that, set to true, make rclone authenticate as the machine it
   * runs on (cloud instance metadata, managed identities, the SSH agent) or talk to a local
   * emulator: here rclone runs as the platform's user, so they are refused.
   */
  static final Set<String> PLATFORM_IDENTITY_OPTIONS =
      Set.of("env_auth", "use_msi", "use_az", "use_emulator", "key_use_agent");

  private ConfigurationCheck() {}

  /**
   * The configuration without its null values (a null asks to remove an option), once it passed.
   *
   * @param checkSecrets whether credentials are type-checked too (clients may send placeholders for
   *     them when only the shape of a configuration is validated)
   */
  static Map<String, Object> check(
      StorageSchema schema,
      Map<String, Object> configuration,
      boolean checkSecrets,
      boolean allowPrivate) {
    StorageType type = type(schema, configuration);
    Map<String, Object> config = new LinkedHashMap<>();
    configuration.forEach(
        (k, v) -> {
          if (v != null) {
            config.put(k, v);
          }
        });
    String provider = config.get("provider") instanceof String p ? p : null;
    for (String key : config.keySet()) {
      if (!key.equals("type") && !type.knows(key)) {
        throw RenkuException.validation(
            key, "is not an option of the storage type '" + type.prefix() + "'");
      }
    }
    List<String> missing = new ArrayList<>();
    for (StorageOption o : type.options()) {
      if (o.required()
          && !o.hasDefault()
          && o.appliesTo(provider)
          && !config.containsKey(o.name())
          && !missing.contains(o.name())) {
        missing.add(o.name());
      }
    }
    if (!missing.isEmpty()) {
      throw RenkuException.validation(String.join(", ", missing), "is required");
    }
    for (Map.Entry<String, Object> e : config.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (value instanceof String s && hasControlCharacter(s)) {
        throw RenkuException.validation(key, "must not contain control characters");
      }
      if (key.equals("type")) {
        continue;
      }
      if (PLATFORM_IDENTITY_OPTIONS.contains(key)
          && (Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value)))) {
        throw RenkuException.validation(
            key, "would make rclone use the platform's own identity or local services");
      }
      // checked whatever the provider: rclone uses an address it is given even where the schema
      // shows the option for other providers only
      if (ADDRESS_OPTIONS.contains(key) && value instanceof String s && !s.isBlank()) {
        String problem = addressProblem(s, allowPrivate);
        if (problem != null) {
          throw RenkuException.validation(key, problem);
        }
      }
      // an option of the type that does not apply to this provider: rclone ignores it
      StorageOption option = type.option(key, provider).orElse(null);
      if (option == null || (option.isSecret() && !checkSecrets)) {
        continue;
      }
      checkValue(option, value, provider);
    }
    return config;
  }

  /** The storage type the configuration names, when it is allowed. */
  static StorageType type(StorageSchema schema, Map<String, Object> configuration) {
    if (!(configuration.get("type") instanceof String name) || name.isBlank()) {
      throw RenkuException.validation("type", "is required (a storage type from /storage_schema)");
    }
    return schema
        .type(name)
        .orElseThrow(
            () ->
                RenkuException.validation(
                    "type", "the storage type '" + name + "' is not supported"));
  }

  private static void checkValue(StorageOption option, Object value, String provider) {
    String name = option.name();
    switch (option.type()) {
      case "int", "Duration", "SizeSuffix", "MultiEncoder" -> {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
          throw RenkuException.validation(name, "must be an integer");
        }
      }
      case "bool" -> {
        if (!(value instanceof Boolean)) {
          throw RenkuException.validation(name, "must be a boolean");
        }
      }
      case "Tristate" -> {
        if (!(value instanceof Map<?, ?>)) {
          throw RenkuException.validation(name, "must be an object {value, valid}");
        }
      }
      default -> {
        if (!(value instanceof String)) {
          throw RenkuException.validation(name, "must be a string");
        }
      }
    }
    if (option.exclusive() && option.examples() != null && !option.examples().isEmpty()) {
      String given = String.valueOf(value);
      boolean listed =
          option.examples().stream()
              .anyMatch(
                  ex ->
                      ex.value().equals(given)
                          && (ex.provider().isEmpty() || ex.provider().equals(provider)));
      if (!listed) {
        throw RenkuException.validation(
            name,
            "must be one of "
                + String.join(
                    ", ", option.examples().stream().map(StorageExample::value).toList()));
      }
    }
  }

  /**
   * Why rclone may not connect to {@code value} (a URL, or a host with an optional port), or null.
   * The rules are those of build repositories: no link-local (cloud metadata) addresses ever, and
   * no loopback or private ones unless the platform allows them.
   */
  static String addressProblem(String value, boolean allowPrivate) {
    String url = value.strip().contains("://") ? value.strip() : "https://" + value.strip();
    String problem = RepositoryAddress.problem(url, allowPrivate);
    return problem == null ? null : problem.replace("builds", "storage connections");
  }

  /** The host named by an address option's value, or null when it has none. */
  static String host(String value) {
    String url = value.strip().contains("://") ? value.strip() : "https://" + value.strip();
    try {
      String host = new URI(url).getHost();
      if (host != null && host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return host;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Control characters other than line breaks and tabs (a PEM key may span lines). */
  static boolean hasControlCharacter(String s) {
    return s.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f);
  }
}

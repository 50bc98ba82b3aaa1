package io.renku.data.dataconnector;

import io.renku.core.RenkuException;
import io.renku.data.storage.StorageOption;
import io.renku.data.storage.StorageService;
import io.renku.data.storage.StorageType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A connector's storage as it may be saved: the configuration checked by the storage service
 * (types, options, addresses), every credential replaced by {@value DataConnectorStorage#SENSITIVE}
 * (users save their own), and paths that stay inside the session's working directory.
 */
@Component
public class DataConnectorStorageRules {
  static final int MAX_PATH = 1000;

  /** Each stored value's limit: rclone options are short; a huge one is an abuse of storage. */
  static final int MAX_VALUE = 5000;

  static final int MAX_OPTIONS = 100;

  private final StorageService storage;

  DataConnectorStorageRules(StorageService storage) {
    this.storage = storage;
  }

  public DataConnectorStorage forCreation(
      Map<String, Object> configuration,
      String sourcePath,
      String targetPath,
      Boolean readonly,
      String storageUrl) {
    Map<String, Object> config;
    String source;
    if (storageUrl != null) {
      if (configuration != null) {
        throw RenkuException.validation(
            "storage", "give either storage_url or configuration, not both");
      }
      StorageUrls.Parsed parsed = StorageUrls.parse(storageUrl);
      config = parsed.configuration();
      source = parsed.sourcePath();
    } else {
      if (configuration == null) {
        throw RenkuException.validation("storage.configuration", "is required");
      }
      if (sourcePath == null) {
        throw RenkuException.validation("storage.source_path", "is required");
      }
      config = configuration;
      source = sourcePath;
    }
    return checked(config, source, targetPath, readonly == null || readonly);
  }

  /**
   * A PATCH: a configuration given is merged into the current one, a null value removes an option.
   */
  public DataConnectorStorage forChange(
      DataConnectorStorage current,
      Map<String, Object> configuration,
      String sourcePath,
      String targetPath,
      Boolean readonly) {
    if (configuration == null && sourcePath == null && targetPath == null && readonly == null) {
      return current;
    }
    Map<String, Object> merged = new LinkedHashMap<>(current.configuration());
    if (configuration != null) {
      configuration.forEach(
          (k, v) -> {
            if (v == null) {
              merged.remove(k);
            } else {
              merged.put(k, v);
            }
          });
    }
    return checked(
        merged,
        sourcePath == null ? current.sourcePath() : sourcePath,
        targetPath == null ? current.targetPath() : targetPath,
        readonly == null ? current.readonly() : readonly);
  }

  private DataConnectorStorage checked(
      Map<String, Object> configuration, String sourcePath, String targetPath, boolean readonly) {
    Map<String, Object> config = new LinkedHashMap<>();
    configuration.forEach(
        (k, v) -> {
          if (v != null) {
            config.put(k, v);
          }
        });
    if (config.size() > MAX_OPTIONS) {
      throw RenkuException.validation(
          "storage.configuration", "must have at most " + MAX_OPTIONS + " options");
    }
    config.forEach(
        (k, v) -> {
          if (String.valueOf(v).length() > MAX_VALUE) {
            throw RenkuException.validation(k, "must be at most " + MAX_VALUE + " characters");
          }
        });
    storage.validate(config);
    StorageType type = type(config);
    // Credentials are never kept with the configuration (as the original: a placeholder says that
    // the option is used); each user saves their own with /data_connectors/{id}/secrets.
    config.replaceAll((k, v) -> type.isSecret(k) ? DataConnectorStorage.SENSITIVE : v);
    return new DataConnectorStorage(
        type.prefix(),
        config,
        path("storage.source_path", sourcePath, true),
        targetPath(targetPath),
        readonly);
  }

  /** The options of the storage type that hold credentials and that the configuration uses. */
  public List<StorageOption> sensitiveFields(DataConnectorStorage s) {
    StorageType type =
        storage.schema().stream()
            .filter(t -> t.prefix().equals(s.storageType()))
            .findFirst()
            .orElse(null);
    if (type == null) {
      return List.of();
    }
    String provider = s.configuration().get("provider") instanceof String p ? p : null;
    return type.options().stream()
        .filter(
            o -> o.isSecret() && o.appliesTo(provider) && s.configuration().containsKey(o.name()))
        .toList();
  }

  /**
   * The configuration as rclone reads options (as {@code StorageService} hands them to rclone),
   * with the credential placeholders and unset values left out.
   */
  Map<String, String> withoutCredentials(DataConnectorStorage s) {
    Map<String, String> out = new LinkedHashMap<>();
    s.configuration()
        .forEach(
            (k, v) -> {
              String text = asRcloneValue(v);
              if (text != null && !DataConnectorStorage.SENSITIVE.equals(text)) {
                out.put(k, text);
              }
            });
    return out;
  }

  private static String asRcloneValue(Object value) {
    return switch (value) {
      case null -> null;
      // Tristate: unset unless valid
      case Map<?, ?> m ->
          Boolean.TRUE.equals(m.get("valid")) ? String.valueOf(m.get("value")) : null;
      case List<?> l -> String.join(",", l.stream().map(String::valueOf).toList());
      default -> String.valueOf(value);
    };
  }

  /** Whether {@code option} is a credential option of the connector's storage type. */
  boolean isCredential(DataConnectorStorage s, String option) {
    return storage.schema().stream()
        .filter(t -> t.prefix().equals(s.storageType()))
        .anyMatch(t -> t.isSecret(option));
  }

  /**
   * A credential's value as it is stored for sessions: password options obscured as rclone reads
   * them from its configuration (the original obscures when it builds a session's configuration;
   * here the data service never sees the value at that point, only the secrets service does).
   */
  String asStored(DataConnectorStorage s, String option, String value) {
    Map<String, Object> one = new java.util.LinkedHashMap<>();
    one.put("type", s.storageType());
    one.put(option, value);
    return String.valueOf(storage.obscure(one).get(option));
  }

  private StorageType type(Map<String, Object> config) {
    String prefix = (String) config.get("type");
    return storage.schema().stream()
        .filter(t -> t.prefix().equals(prefix))
        .findFirst()
        .orElseThrow(() -> RenkuException.validation("type", "is not a supported storage type"));
  }

  /** Where the storage is mounted: relative to the working directory and never outside it. */
  private static String targetPath(String value) {
    String p = path("storage.target_path", value, false);
    if (p.startsWith("/")
        || p.equals("..")
        || p.startsWith("../")
        || p.contains("/../")
        || p.endsWith("/..")) {
      throw RenkuException.validation(
          "storage.target_path", "must be a path inside the working directory, without '..'");
    }
    return p;
  }

  private static String path(String field, String value, boolean emptyAllowed) {
    if (value == null || (!emptyAllowed && value.isBlank())) {
      throw RenkuException.validation(field, "is required");
    }
    if (value.length() > MAX_PATH) {
      throw RenkuException.validation(field, "must be at most " + MAX_PATH + " characters");
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw RenkuException.validation(field, "must not contain control characters");
    }
    return value.strip();
  }
}

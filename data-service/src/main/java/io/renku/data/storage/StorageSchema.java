package io.renku.data.storage;

import io.renku.core.RenkuException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storage types and options a configuration may use: this machine's {@code rclone config
 * providers}, asked once (at the first use, not while the service starts) and kept in memory, with
 * Renku's patches ({@link SchemaPatches}) and allow-list ({@code allowed-options.json}, the
 * original's list of reviewed types and options).
 */
public final class StorageSchema {
  private static final Logger log = LoggerFactory.getLogger(StorageSchema.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Rclone rclone;
  private volatile List<StorageType> types;

  StorageSchema(Rclone rclone) {
    this.rclone = rclone;
  }

  /** Every allowed storage type. */
  public List<StorageType> types() {
    List<StorageType> loaded = types;
    if (loaded == null) {
      synchronized (this) {
        if (types == null) {
          types = load();
        }
        loaded = types;
      }
    }
    return loaded;
  }

  /** The storage type with this prefix, if it is allowed. */
  public Optional<StorageType> type(String prefix) {
    return types().stream().filter(t -> t.prefix().equals(prefix)).findFirst();
  }

  private List<StorageType> load() {
    String json;
    try {
      json = rclone.providers();
    } catch (RuntimeException e) {
      log.error("Could not read the storage schema from rclone", e);
      throw RenkuException.unavailable(
          "The storage schema is not available: rclone could not be run on the server.", e);
    }
    List<Map<String, Object>> spec =
        JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
    SchemaPatches.apply(spec, allowList());
    List<StorageType> result = spec.stream().map(StorageSchema::storageType).toList();
    log.info("Storage schema from rclone: {}", result.stream().map(StorageType::prefix).toList());
    return result;
  }

  /** Storage type to its allowed option names. */
  static Map<String, Set<String>> allowList() {
    try (InputStream in = StorageSchema.class.getResourceAsStream("allowed-options.json")) {
      if (in == null) {
        throw new IllegalStateException("allowed-options.json is missing");
      }
      Map<String, List<String>> raw =
          JSON.readValue(in, new TypeReference<Map<String, List<String>>>() {});
      Map<String, Set<String>> result = new LinkedHashMap<>();
      raw.forEach((type, names) -> result.put(type, new LinkedHashSet<>(names)));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StorageType storageType(Map<String, Object> s) {
    List<StorageOption> options = new ArrayList<>();
    for (Map<String, Object> o : SchemaPatches.options(s)) {
      options.add(option(o));
    }
    return new StorageType(
        text(s.get("Name")),
        text(s.get("Description")),
        text(s.get("Prefix")),
        List.copyOf(options));
  }

  private static StorageOption option(Map<String, Object> o) {
    List<StorageExample> examples = null;
    if (o.get("Examples") instanceof List<?> list) {
      examples = new ArrayList<>();
      for (Object e : list) {
        if (e instanceof Map<?, ?> m) {
          examples.add(
              new StorageExample(
                  text(m.get("Value")), text(m.get("Help")), text(m.get("Provider"))));
        }
      }
      examples = List.copyOf(examples);
    }
    return new StorageOption(
        text(o.get("Name")),
        text(o.get("Help")),
        text(o.get("Provider")),
        defaultValue(o.get("Default")),
        text(o.get("DefaultStr")),
        examples,
        flag(o.get("Required")),
        flag(o.get("IsPassword")),
        flag(o.get("Sensitive")),
        flag(o.get("Advanced")),
        flag(o.get("Exclusive")),
        text(o.get("Type")));
  }

  /** rclone's Tristate default {@code {"Value","Valid"}} becomes {@code {"value","valid"}}. */
  private static Object defaultValue(Object value) {
    if (value instanceof Map<?, ?> m && m.containsKey("Value") && m.containsKey("Valid")) {
      Map<String, Object> tristate = new LinkedHashMap<>();
      tristate.put("value", m.get("Value"));
      tristate.put("valid", m.get("Valid"));
      return tristate;
    }
    return value == null ? "" : value;
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  private static boolean flag(Object value) {
    return Boolean.TRUE.equals(value);
  }
}

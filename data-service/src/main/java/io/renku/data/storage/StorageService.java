package io.renku.data.storage;

import io.renku.core.ApiUser;
import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.data.build.RepositoryAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage schema and what can be done with a configuration: check it, obscure its passwords,
 * and test that rclone can list the storage with it. rclone runs as the platform's user, so a
 * configuration is checked ({@link ConfigurationCheck}) before rclone ever sees it, and at most
 * {@code renku.storage.max-concurrent} rclone processes run at once.
 */
public class StorageService {
  private static final Logger log = LoggerFactory.getLogger(StorageService.class);

  private final StorageSchema schema;
  private final Rclone rclone;
  private final StorageProperties settings;
  private final Semaphore slots;

  StorageService(StorageSchema schema, Rclone rclone, StorageProperties settings) {
    this.schema = schema;
    this.rclone = rclone;
    this.settings = settings;
    this.slots = new Semaphore(Math.max(1, settings.maxConcurrent()), true);
  }

  /** Every allowed storage type and its options (anyone may read it). */
  public List<StorageType> schema() {
    return schema.types();
  }

  /** Throws a 422 naming the option when {@code configuration} is not valid. */
  public void validate(Map<String, Object> configuration) {
    ConfigurationCheck.check(schema, configuration, false, settings.allowPrivateEndpoints());
  }

  /** The configuration with the values of its password options obscured for rclone. */
  public Map<String, Object> obscure(Map<String, Object> configuration) {
    StorageType type = ConfigurationCheck.type(schema, configuration);
    Map<String, Object> result = new LinkedHashMap<>(configuration);
    for (Map.Entry<String, Object> e : configuration.entrySet()) {
      if (!type.isPassword(e.getKey()) || e.getValue() == null) {
        continue;
      }
      result.put(e.getKey(), obscureValue(e.getKey(), e.getValue()));
    }
    return result;
  }

  /**
   * Lists the top level of {@code sourcePath} with {@code configuration}; returns normally when
   * that worked, otherwise throws a 422 with a reason that never contains the credentials.
   */
  public void testConnection(ApiUser user, Map<String, Object> configuration, String sourcePath) {
    if (user.isAnonymous()) {
      throw RenkuException.unauthorized("You have to be logged in to test a storage connection.");
    }
    if (sourcePath == null
        || ConfigurationCheck.hasControlCharacter(sourcePath)
        || sourcePath.contains("\n")) {
      throw RenkuException.validation("source_path", "must not contain control characters");
    }
    Map<String, Object> checked =
        ConfigurationCheck.check(schema, configuration, true, settings.allowPrivateEndpoints());
    Map<String, String> options = remoteOptions(checked);
    if (!settings.allowPrivateEndpoints()) {
      resolvePublic(options);
    }
    List<String> secrets = secretValues(checked, options);
    Rclone.Outcome outcome =
        withSlot(() -> rclone.list(options, sourcePath, settings.testTimeout()));
    log.info(
        "Storage connection test by {} for type {}: {}",
        user.id(),
        checked.get("type"),
        outcome.timedOut() ? "timed out" : "exit " + outcome.exitCode());
    if (outcome.succeeded()) {
      return;
    }
    String reason =
        outcome.timedOut()
            ? "the storage did not answer within " + settings.testTimeout().toSeconds() + " s"
            : RcloneErrors.reason(outcome.stderr(), secrets);
    throw new RenkuException(
        ErrorCode.VALIDATION, "Could not connect to the storage: " + reason, "configuration");
  }

  /**
   * Copies the files under {@code sourcePath} of a stored configuration (credentials left out) into
   * the local directory {@code target}, for the deposits' uploads. Checks no permission (the caller
   * did); the configuration is checked as a connection test checks it. Returns null on success,
   * else the reason, which never contains a credential.
   */
  public String copyOut(
      Map<String, Object> configuration,
      String sourcePath,
      java.nio.file.Path target,
      java.time.Duration limit) {
    Map<String, Object> checked =
        ConfigurationCheck.check(schema, configuration, true, settings.allowPrivateEndpoints());
    Map<String, String> options = remoteOptions(checked);
    if (!settings.allowPrivateEndpoints()) {
      resolvePublic(options);
    }
    List<String> secrets = secretValues(checked, options);
    Rclone.Outcome o = rclone.copyOut(options, sourcePath, target.toString(), limit);
    if (o.succeeded()) {
      return null;
    }
    return o.timedOut()
        ? "the copy did not finish within " + limit.toMinutes() + " min"
        : RcloneErrors.reason(o.stderr(), secrets);
  }

  /**
   * The options rclone gets for a Renku configuration: the fake types and providers become real
   * ones (Switch is S3 "Other", PolyBox and SwitchDrive are WebDAV, openBIS is SFTP), passwords are
   * obscured, and required options left out get their defaults.
   */
  private Map<String, String> remoteOptions(Map<String, Object> checked) {
    Map<String, Object> real = new LinkedHashMap<>(checked);
    String type = (String) real.get("type");
    if (type.equals("s3") && "Switch".equals(real.get("provider"))) {
      real.put("provider", "Other");
    } else if (type.equals("openbis")) {
      real.put("type", "sftp");
      real.put("port", "2222");
      real.put("user", "?");
      real.put("pass", real.remove("session_token"));
    }
    StorageType realType = ConfigurationCheck.type(schema, real);
    for (Map.Entry<String, Object> e : real.entrySet()) {
      if (e.getValue() != null && realType.isPassword(e.getKey())) {
        e.setValue(obscureValue(e.getKey(), e.getValue()));
      }
    }
    if (type.equals("polybox") || type.equals("switchDrive")) {
      webdavOf(real, type);
    }
    String provider = real.get("provider") instanceof String p ? p : null;
    for (StorageOption o : realType.options()) {
      if (o.required() && o.hasDefault() && o.appliesTo(provider) && !real.containsKey(o.name())) {
        real.put(o.name(), o.defaultValue());
      }
    }
    Map<String, String> options = new LinkedHashMap<>();
    real.forEach(
        (k, v) -> {
          String text = asRcloneValue(v);
          if (text != null) {
            options.put(k, text);
          }
        });
    return options;
  }

  private static void webdavOf(Map<String, Object> config, String type) {
    String host = type.equals("polybox") ? "https://polybox.ethz.ch" : "https://drive.switch.ch";
    Object provider = config.remove("provider");
    Object publicLink = config.remove("public_link");
    config.put("type", "webdav");
    if ("personal".equals(provider)) {
      config.putIfAbsent("url", host + "/remote.php/webdav/");
      return;
    }
    if (!(publicLink instanceof String link) || link.isBlank()) {
      throw RenkuException.validation("public_link", "is required for a shared folder");
    }
    config.put("url", host + "/public.php/webdav/");
    config.put("user", link.substring(link.replaceAll("/+$", "").lastIndexOf('/') + 1));
  }

  /** How rclone reads a value from its environment; null when the option is left unset. */
  private static String asRcloneValue(Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b.toString();
      case Number n -> n.toString();
      // Tristate: unset unless valid
      case Map<?, ?> m ->
          Boolean.TRUE.equals(m.get("valid")) ? String.valueOf(m.get("value")) : null;
      case List<?> l -> String.join(",", l.stream().map(String::valueOf).toList());
      default -> String.valueOf(value);
    };
  }

  /** Refuses hosts that resolve to non-public addresses (names, not only literal addresses). */
  private static void resolvePublic(Map<String, String> options) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (!ConfigurationCheck.ADDRESS_OPTIONS.contains(e.getKey()) || e.getValue().isBlank()) {
        continue;
      }
      String host = ConfigurationCheck.host(e.getValue());
      if (host == null) {
        throw RenkuException.validation(e.getKey(), "does not name a host");
      }
      try {
        RepositoryAddress.publicAddress(host);
      } catch (IllegalArgumentException ex) {
        throw RenkuException.validation(
            e.getKey(), ex.getMessage().replace("builds", "storage connections"));
      }
    }
  }

  /**
   * The values of credential options, plain and as rclone got them (obscured), to be kept out of
   * error messages.
   */
  private List<String> secretValues(Map<String, Object> checked, Map<String, String> options) {
    StorageType type = ConfigurationCheck.type(schema, checked);
    StorageType realType = schema.type(options.get("type")).orElse(type);
    List<String> secrets = new ArrayList<>();
    checked.forEach(
        (k, v) -> {
          if (v instanceof String s && !s.isEmpty() && type.isSecret(k)) {
            secrets.add(s);
          }
        });
    options.forEach(
        (k, v) -> {
          if (!v.isEmpty() && (realType.isSecret(k) || type.isSecret(k))) {
            secrets.add(v);
          }
        });
    return secrets;
  }

  private String obscureValue(String option, Object value) {
    if (!(value instanceof String plain)) {
      throw RenkuException.validation(option, "must be a string");
    }
    if (plain.isEmpty()) {
      return plain;
    }
    if (ConfigurationCheck.hasControlCharacter(plain) || plain.contains("\n")) {
      throw RenkuException.validation(option, "must not contain control characters");
    }
    return withSlot(() -> rclone.obscure(plain, settings.testTimeout()));
  }

  private <T> T withSlot(Supplier<T> work) {
    boolean acquired;
    try {
      acquired = slots.tryAcquire(settings.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RenkuException.unavailable("Interrupted while waiting to run rclone.", e);
    }
    if (!acquired) {
      throw new RenkuException(
          ErrorCode.TOO_MANY_REQUESTS, "Too many storage operations at once; try again shortly.");
    }
    try {
      return work.get();
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      log.error("rclone could not be run: {}", e.getMessage());
      throw RenkuException.unavailable("rclone could not be run on the server.", e);
    } finally {
      slots.release();
    }
  }
}

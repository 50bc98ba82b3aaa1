package io.renku.data.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renku's changes to rclone's provider schema (the JSON of {@code rclone config providers}, with
 * rclone's capitalised keys), as the original applies them: only the allowed storage types and
 * options, corrected "sensitive" marks, a required S3 endpoint for the generic providers, the
 * {@code Switch} S3 provider, and the {@code polybox}, {@code switchDrive} (WebDAV) and {@code
 * openbis} (SFTP) types.
 */
final class SchemaPatches {
  private SchemaPatches() {}

  /** Applies every patch to {@code spec} in place. */
  static void apply(List<Map<String, Object>> spec, Map<String, Set<String>> allowed) {
    keepAllowed(spec, allowed);
    fixSensitive(spec);
    requireGenericS3Endpoint(spec);
    addSwitchProvider(spec);
    addWebdavBased(
        spec,
        "polybox",
        "PolyBox",
        "Polybox",
        "https://polybox.ethz.ch/remote.php/webdav/",
        "Shared folder link. E.g., https://polybox.ethz.ch/index.php/s/8NffJ3rFyHaVyyy");
    addWebdavBased(
        spec,
        "switchDrive",
        "SwitchDrive",
        "SwitchDrive",
        "https://drive.switch.ch/remote.php/webdav/",
        "Shared folder link. E.g., https://drive.switch.ch/index.php/s/OPSd72zrs5JG666");
    addOpenBis(spec);
  }

  /**
   * Drops the storage types and options that are not allowed. Options this rclone has but the
   * allow-list does not name are dropped too: an unreviewed option might read a local file or run a
   * program as the platform's user.
   */
  static void keepAllowed(List<Map<String, Object>> spec, Map<String, Set<String>> allowed) {
    spec.removeIf(storage -> !allowed.containsKey(prefix(storage)));
    for (Map<String, Object> storage : spec) {
      Set<String> names = allowed.get(prefix(storage));
      options(storage).removeIf(o -> !names.contains(String.valueOf(o.get("Name"))));
    }
  }

  /** Options that hold credentials in every backend that has them (newer rclones' Sensitive). */
  private static final java.util.Set<String> CREDENTIALS =
      java.util.Set.of(
          "access_key_id",
          "secret_access_key",
          "session_token",
          "sse_customer_key",
          "sse_customer_key_base64",
          "client_secret",
          "token",
          "access_token",
          "permanent_token",
          "api_key",
          "key",
          "sas_url",
          "bearer_token",
          "bearer_token_command");

  private static void fixSensitive(List<Map<String, Object>> spec) {
    for (Map<String, Object> storage : spec) {
      // rclone 1.60 has no "Sensitive" field yet: every option gets one
      options(storage).forEach(o -> o.putIfAbsent("Sensitive", false));
      String prefix = prefix(storage);
      for (Map<String, Object> o : options(storage)) {
        String name = String.valueOf(o.get("Name"));
        if (Boolean.TRUE.equals(o.get("IsPassword")) || CREDENTIALS.contains(name)) {
          // newer rclones mark these Sensitive; without the mark a form shows an S3 secret key
          // as plain text and a connector would keep it in its shared configuration
          o.put("Sensitive", true);
        }
        if (prefix.equals("azureblob") && name.equals("account")) {
          o.put("Sensitive", false);
        }
        if ((prefix.equals("sftp") || prefix.equals("ftp")) && name.equals("host")) {
          o.put("Sensitive", false);
        }
        if (prefix.equals("webdav") && name.equals("user")) {
          o.put("Sensitive", false);
        }
        if (prefix.equals("webdav") && name.equals("pass")) {
          o.put("Sensitive", true);
        }
      }
    }
  }

  /** The generic S3 endpoint option (the one for "every provider but ...") is required. */
  private static void requireGenericS3Endpoint(List<Map<String, Object>> spec) {
    find(spec, "s3").ifPresent(s3 -> genericEndpoint(s3).put("Required", true));
  }

  private static void addSwitchProvider(List<Map<String, Object>> spec) {
    Map<String, Object> s3 = find(spec, "s3").orElse(null);
    if (s3 == null) {
      return;
    }
    options(s3).stream()
        .filter(o -> "provider".equals(o.get("Name")))
        .findFirst()
        .ifPresent(p -> examples(p).add(example("Switch", "Switch Object Storage", "")));
    Map<String, Object> generic = genericEndpoint(s3);
    generic.put("Provider", generic.get("Provider") + ",Switch");
    Map<String, Object> endpoint =
        option(
            "endpoint",
            "Endpoint for Switch S3 API.",
            "Switch",
            "https://s3-zh.os.switch.ch",
            true,
            false,
            true);
    endpoint.put(
        "Examples",
        new ArrayList<>(
            List.of(
                example("https://s3-zh.os.switch.ch", "Cloudian Hyperstore (ZH)", ""),
                example("https://os.zhdk.cloud.switch.ch", "Ceph Object Gateway (ZH)", ""),
                example("https://os.unil.cloud.switch.ch", "Ceph Object Gateway (LS)", ""))));
    options(s3).add(endpoint);
  }

  /**
   * A copy of WebDAV for a known service: a {@code provider} option chooses between the user's own
   * space (the service's URL by default) and a shared folder given by its public link.
   */
  private static void addWebdavBased(
      List<Map<String, Object>> spec,
      String prefix,
      String name,
      String description,
      String url,
      String publicLinkHelp) {
    Map<String, Object> webdav = find(spec, "webdav").orElse(null);
    if (webdav == null) {
      return;
    }
    Map<String, Object> copy = deepCopy(webdav);
    copy.put("Prefix", prefix);
    copy.put("Name", name);
    copy.put("Description", description);
    Map<String, Object> provider =
        option("provider", "Choose the mode to access the data source.", "", "", true, false, true);
    provider.put(
        "Examples",
        new ArrayList<>(
            List.of(
                example(
                    "personal",
                    "Connect to your personal storage space. This data connector cannot be used"
                        + " to share access to a folder.",
                    ""),
                example(
                    "shared",
                    "Connect a 'public' folder shared with others. A 'public' folder may or may"
                        + " not be protected with a password.",
                    ""))));
    List<Map<String, Object>> options = options(copy);
    options.add(provider);
    options.add(option("public_link", publicLinkHelp, "shared", "", true, false, false));
    for (Map<String, Object> o : options) {
      String n = String.valueOf(o.get("Name"));
      if (n.equals("url")) {
        o.put("Provider", "personal");
        o.put("Default", url);
        o.put("Required", false);
      } else if (List.of("bearer_token", "bearer_token_command", "headers", "user").contains(n)) {
        o.put("Provider", "personal");
      }
    }
    options.removeIf(o -> List.of("vendor", "nextcloud_chunk_size").contains(o.get("Name")));
    spec.add(copy);
  }

  private static void addOpenBis(List<Map<String, Object>> spec) {
    Map<String, Object> host =
        option(
            "host",
            "openBIS host to connect to.\n\nE.g. \"openbis-eln-lims.ethz.ch\".",
            "",
            "",
            true,
            false,
            false);
    host.put(
        "Examples",
        new ArrayList<>(
            List.of(example("openbis-eln-lims.ethz.ch", "Public openBIS demo instance", ""))));
    Map<String, Object> token =
        option("session_token", "openBIS session token", "", "", true, true, false);
    token.put("Sensitive", true);
    Map<String, Object> openbis = new LinkedHashMap<>();
    openbis.put("Name", "openbis");
    openbis.put("Description", "openBIS");
    openbis.put("Prefix", "openbis");
    openbis.put("Options", new ArrayList<>(List.of(host, token)));
    spec.add(openbis);
  }

  private static Map<String, Object> genericEndpoint(Map<String, Object> s3) {
    return options(s3).stream()
        .filter(
            o ->
                "endpoint".equals(o.get("Name"))
                    && String.valueOf(o.get("Provider")).startsWith("!AWS,"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("rclone's s3 has no generic endpoint"));
  }

  private static Map<String, Object> option(
      String name,
      String help,
      String provider,
      String defaultValue,
      boolean required,
      boolean password,
      boolean exclusive) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("Name", name);
    o.put("Help", help);
    o.put("Provider", provider);
    o.put("Default", defaultValue);
    o.put("Examples", null);
    o.put("Required", required);
    o.put("IsPassword", password);
    o.put("Advanced", false);
    o.put("Exclusive", exclusive);
    o.put("Sensitive", password);
    o.put("DefaultStr", "");
    o.put("Type", "string");
    return o;
  }

  private static Map<String, Object> example(String value, String help, String provider) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("Value", value);
    e.put("Help", help);
    e.put("Provider", provider);
    return e;
  }

  static String prefix(Map<String, Object> storage) {
    return String.valueOf(storage.get("Prefix"));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> options(Map<String, Object> storage) {
    Object options = storage.get("Options");
    if (!(options instanceof List<?>)) {
      options = new ArrayList<>();
      storage.put("Options", options);
    }
    return (List<Map<String, Object>>) options;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> examples(Map<String, Object> option) {
    Object examples = option.get("Examples");
    if (!(examples instanceof List<?>)) {
      examples = new ArrayList<>();
      option.put("Examples", examples);
    }
    return (List<Map<String, Object>>) examples;
  }

  private static java.util.Optional<Map<String, Object>> find(
      List<Map<String, Object>> spec, String prefix) {
    return spec.stream().filter(s -> prefix.equals(prefix(s))).findFirst();
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>();
      l.forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    return value;
  }
}

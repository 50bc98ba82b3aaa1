package io.renku.data.dataconnector;

import io.renku.core.RenkuException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A storage given as a URL (the original's {@code CloudStorageUrlV2}) turned into an rclone
 * configuration and a source path, for the same URLs the original understands: {@code s3://},
 * {@code azure://} or {@code az://}, and {@code http(s)://} (Azure hosts, otherwise an S3
 * endpoint).
 */
final class StorageUrls {
  private StorageUrls() {}

  /** A configuration and the path on the storage. */
  record Parsed(Map<String, Object> configuration, String sourcePath) {}

  static Parsed parse(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw RenkuException.validation("storage.storage_url", "is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw RenkuException.validation("storage.storage_url", "must name a host or bucket");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
    return switch (scheme) {
      case "s3" -> s3(host, path);
      case "azure", "az" -> azure(host, path);
      case "http", "https" ->
          host.endsWith(".core.windows.net")
              ? azure(host, path)
              : new Parsed(config("s3", "endpoint", uri.getRawAuthority()), path);
      default ->
          throw RenkuException.validation(
              "storage.storage_url", "the scheme '" + scheme + "' is not supported");
    };
  }

  private static Parsed s3(String host, String path) {
    Map<String, Object> config = config("s3", "provider", "AWS");
    String[] parts = host.split("\\.");
    if (parts.length == 4 && parts[0].equals("s3") && host.endsWith(".amazonaws.com")) {
      config.put("region", parts[1]);
      return new Parsed(config, path);
    }
    if (parts.length == 5 && parts[1].equals("s3") && host.endsWith(".amazonaws.com")) {
      config.put("region", parts[2]);
      return new Parsed(config, parts[0] + "/" + path);
    }
    // s3://bucket/path: the host is the bucket
    return new Parsed(config, path.isEmpty() ? host : host + "/" + path);
  }

  private static Parsed azure(String host, String path) {
    String[] parts = host.split("\\.");
    if (parts.length == 5 && host.endsWith(".core.windows.net")) {
      Map<String, Object> config = config("azureblob", "account", parts[0]);
      return new Parsed(config, path);
    }
    return new Parsed(config("azureblob", null, null), path.isEmpty() ? host : host + "/" + path);
  }

  private static Map<String, Object> config(String type, String key, String value) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", type);
    if (key != null) {
      config.put(key, value);
    }
    return config;
  }
}

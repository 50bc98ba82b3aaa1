package io.renku.data.namespace;

import java.time.OffsetDateTime;

/**
 * A user's or a group's namespace.
 *
 * @param id the namespace id (not the user's or group's id)
 * @param ownerId the user id (kind USER) or group id (kind GROUP)
 */
public record Namespace(
    String id,
    String slug,
    Kind kind,
    String ownerId,
    String name,
    String createdBy,
    OffsetDateTime creationDate) {

  public enum Kind {
    USER,
    GROUP,
    PROJECT
  }

  /** The SpiceDB object this namespace is: {@code user_namespace:<id>} or {@code group:<id>}. */
  public io.renku.authz.ObjectRef authzObject() {
    return kind == Kind.USER
        ? io.renku.authz.postgres.PlatformRelations.userNamespace(id)
        : io.renku.authz.postgres.PlatformRelations.group(ownerId);
  }
}

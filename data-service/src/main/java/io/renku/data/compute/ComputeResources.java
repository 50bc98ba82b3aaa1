package io.renku.data.compute;

import io.renku.core.ApiUser;

/**
 * What the session code needs from resource pools: which class (and pool) a new session runs on.
 * Implemented by the resource pool service; sessions never read pool tables themselves.
 *
 * <p>Failure modes: an unknown class id gives 422 naming {@code resource_class_id}; a class in a
 * pool the caller cannot use (not a member, prohibited, private pool for anonymous callers) gives
 * 422 as well, with the same message as an unknown one, so pool membership does not leak.
 */
public interface ComputeResources {

  /**
   * The class a session starts on: {@code requestedClassId} if given, else {@code launcherClassId}
   * if given, else the default class of the default pool.
   *
   * @param requestedClassId the {@code resource_class_id} of the request, or null
   * @param launcherClassId the launcher's {@code resource_class_id}, or null
   */
  SessionClass classFor(ApiUser caller, Integer requestedClassId, Integer launcherClassId);

  /** The class with this id for an existing session (no permission check), or null if gone. */
  SessionClass byId(int classId);
}

package io.renku.data.account.sync;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The identity provider's list of users, read by {@link UserSync}.
 *
 * <p>Failure modes: {@link DirectoryUnavailableException} when the directory cannot be reached,
 * refuses the service's credentials, or answers with something that is not a user list. A failure
 * in the middle of the listing leaves the users already handed to the consumer handed; nothing is
 * rolled back (each user's update stands on its own).
 */
public interface UserDirectory {

  /** Hands every user of the directory to {@code consumer}, reading {@code pageSize} at a time. */
  void forEachUser(int pageSize, Consumer<DirectoryUser> consumer);

  /** The ids of the users that hold the platform administrator role. */
  Set<String> adminIds(int pageSize);

  /** The directory could not be read. */
  final class DirectoryUnavailableException extends RuntimeException {
    public DirectoryUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

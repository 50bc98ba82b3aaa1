package io.renku.data.storage;

import java.util.List;
import java.util.Optional;

/**
 * One storage type (an rclone backend such as s3 or webdav, or one of Renku's additions such as
 * polybox) and its options.
 *
 * @param prefix the machine-readable name: the {@code type} of a configuration
 */
public record StorageType(
    String name, String description, String prefix, List<StorageOption> options) {

  /** The option called {@code name} that applies to {@code provider}, if any. */
  public Optional<StorageOption> option(String name, String provider) {
    return options.stream().filter(o -> o.name().equals(name) && o.appliesTo(provider)).findFirst();
  }

  /** Whether any option (for any provider) is called {@code name}. */
  public boolean knows(String name) {
    return options.stream().anyMatch(o -> o.name().equals(name));
  }

  /** Whether an option called {@code name} is a password (rclone expects it obscured). */
  public boolean isPassword(String name) {
    return options.stream().anyMatch(o -> o.name().equals(name) && o.password());
  }

  /** Whether an option called {@code name} holds a credential. */
  public boolean isSecret(String name) {
    return options.stream().anyMatch(o -> o.name().equals(name) && o.isSecret());
  }
}

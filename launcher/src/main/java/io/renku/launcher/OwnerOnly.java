package io.renku.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of the data directory that only the platform's OS user may read: keys,
 * passwords, Postgres files, sessions. They get their mode when they are created (an {@code open}
 * or {@code mkdir} with 0600 or 0700), never a {@code chmod} afterwards, so that no other account
 * can open them in between. Data directories made by older versions are narrowed at start.
 */
final class OwnerOnly {
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private OwnerOnly() {}

  /** Creates {@code dir} and missing parents with mode 0700, or narrows an existing one to 0700. */
  static Path directory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, attribute(DIRECTORY));
      }
      Files.setPosixFilePermissions(dir, DIRECTORY);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory " + dir, e);
    }
  }

  /**
   * The data directory: created with mode 0700, or narrowed to 0700 when it is one (it holds {@code
   * postgres/} or {@code keys/}) or empty. Another existing directory given by mistake as {@code
   * --data-dir} (a home directory, say) keeps its mode: its subdirectories are 0700 anyway.
   */
  static Path dataDirectory(Path dir) {
    try {
      boolean ours =
          !Files.isDirectory(dir)
              || Files.isDirectory(dir.resolve("postgres"))
              || Files.isDirectory(dir.resolve("keys"));
      if (!ours) {
        try (var entries = Files.list(dir)) {
          ours = entries.findAny().isEmpty();
        }
      }
      return ours ? directory(dir) : dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the directory " + dir, e);
    }
  }

  /** Writes a new file with mode 0600 from the start; fails if it exists. */
  static void createFile(Path file, String content) {
    try (SeekableByteChannel out =
        Files.newByteChannel(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            attribute(FILE))) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Replaces {@code file}'s content, the new file having mode 0600 from the start. */
  static void replaceFile(Path file, String content) {
    Path next = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.deleteIfExists(next);
      createFile(next, content);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Narrows an existing file (made by an older version) to mode 0600. */
  static void narrow(Path file) {
    try {
      if (Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(FILE)) {
        Files.setPosixFilePermissions(file, FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict " + file + " to its owner", e);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
    return PosixFilePermissions.asFileAttribute(p);
  }
}

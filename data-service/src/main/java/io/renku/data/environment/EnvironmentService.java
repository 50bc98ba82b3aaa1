package io.renku.data.environment;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Global session environments: anyone may read them, administrators manage them. Environments built
 * from a repository belong to a launcher (its own, CUSTOM); a global environment is always an
 * image. The image builds' service writes a built image into its environment ({@link
 * #applyBuiltImage}).
 */
@Service
public class EnvironmentService {
  private final EnvironmentRepository environments;

  public EnvironmentService(EnvironmentRepository environments) {
    this.environments = environments;
  }

  /** What a create or update asks for; null fields keep their defaults or current values. */
  public record Changes(
      String name,
      String description,
      String containerImage,
      String defaultUrl,
      Integer uid,
      Integer gid,
      String workingDirectory,
      String mountDirectory,
      Integer port,
      List<String> command,
      List<String> args,
      Boolean archived,
      Boolean stripPathPrefix,
      String imageSource,
      BuildParameters build) {}

  public List<Environment> list(boolean includeArchived) {
    return environments.listGlobal(includeArchived);
  }

  public Environment get(String id) {
    return environments
        .get(id, false)
        .filter(e -> Environment.GLOBAL.equals(e.kind()))
        .orElseThrow(() -> RenkuException.notFound("Environment " + id + " does not exist."));
  }

  @Transactional
  public Environment create(ApiUser caller, Changes c) {
    caller.requireAdmin();
    if (Environment.BUILD.equals(c.imageSource())) {
      throw RenkuException.validation(
          "environment_image_source",
          "a global environment is an image; build from a repository in a session launcher");
    }
    Environment e = fromChanges(c, Environment.GLOBAL);
    requireName(e.name());
    environments.insert(e, caller.id());
    return e;
  }

  /**
   * A new environment of {@code kind} from what a request gave, with the defaults of the original
   * for what it left out ({@code /lab}, uid and gid 1000, port 8080).
   */
  public static Environment fromChanges(Changes c, String kind) {
    boolean built = Environment.BUILD.equals(c.imageSource());
    return new Environment(
        Ulid.next(),
        c.name() == null ? "" : c.name().strip(),
        c.description(),
        c.containerImage(),
        c.defaultUrl() == null ? Environment.DEFAULT_URL : c.defaultUrl(),
        c.uid() == null ? Environment.DEFAULT_UID : c.uid(),
        c.gid() == null ? Environment.DEFAULT_UID : c.gid(),
        c.workingDirectory(),
        c.mountDirectory(),
        c.port() == null ? Environment.DEFAULT_PORT : c.port(),
        emptyToNull(c.command()),
        emptyToNull(c.args()),
        Boolean.TRUE.equals(c.archived()),
        Boolean.TRUE.equals(c.stripPathPrefix()),
        kind,
        built ? Environment.BUILD : Environment.IMAGE,
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS),
        built ? c.build() : null);
  }

  @Transactional
  public Environment update(ApiUser caller, String id, Changes c) {
    caller.requireAdmin();
    Environment old =
        environments
            .get(id, true)
            .filter(e -> Environment.GLOBAL.equals(e.kind()))
            .orElseThrow(() -> RenkuException.notFound("Environment " + id + " does not exist."));
    Environment e =
        new Environment(
            old.id(),
            c.name() == null ? old.name() : c.name().strip(),
            c.description() == null ? old.description() : c.description(),
            c.containerImage() == null ? old.containerImage() : c.containerImage(),
            c.defaultUrl() == null ? old.defaultUrl() : c.defaultUrl(),
            c.uid() == null ? old.uid() : c.uid(),
            c.gid() == null ? old.gid() : c.gid(),
            c.workingDirectory() == null ? old.workingDirectory() : c.workingDirectory(),
            c.mountDirectory() == null ? old.mountDirectory() : c.mountDirectory(),
            c.port() == null ? old.port() : c.port(),
            c.command() == null ? old.command() : emptyToNull(c.command()),
            c.args() == null ? old.args() : emptyToNull(c.args()),
            c.archived() == null ? old.archived() : c.archived(),
            c.stripPathPrefix() == null ? old.stripPathPrefix() : c.stripPathPrefix(),
            old.kind(),
            old.imageSource(),
            old.creationDate(),
            old.build());
    requireName(e.name());
    environments.update(e);
    return e;
  }

  /** 409 while launchers use it: archiving hides it from new launchers instead. */
  @Transactional
  public void delete(ApiUser caller, String id) {
    caller.requireAdmin();
    long users = environments.launchersUsing(id);
    if (users > 0) {
      throw RenkuException.conflict(
          "Environment "
              + id
              + " is used by "
              + users
              + " session launcher(s); archive it (is_archived) instead.");
    }
    environments.delete(id);
  }

  /** An environment by id, without a permission check (a launcher's, global or its own). */
  public Optional<Environment> find(String id) {
    return environments.get(id, false);
  }

  /**
   * Stores a launcher's own (CUSTOM) environment; the launcher service has checked the caller
   * ({@code launcher/HostCommandRule}).
   */
  public void addOwn(Environment own, String createdBy) {
    environments.insert(own, createdBy);
  }

  /**
   * Replaces a launcher's own environment (its fields, image source and build parameters) by {@code
   * changed}; the launcher service has checked the caller. Returns the stored environment.
   */
  public Environment replaceOwn(Environment changed) {
    environments.update(changed);
    return changed;
  }

  /**
   * Writes what a successful build made into its environment, under a row lock; no permission check
   * (the build service decided). Empty when the environment is gone.
   */
  @Transactional
  public Optional<Environment> applyBuiltImage(String id, Environment.RunSettings run) {
    return environments
        .get(id, true)
        .map(
            old -> {
              Environment e = old.withImage(run);
              environments.update(e);
              return e;
            });
  }

  /** The environment by id under a row lock (to serialise builds of one environment). */
  public Optional<Environment> lock(String id) {
    return environments.get(id, true);
  }

  /** Deletes the environment if it is a launcher's own (CUSTOM) one; global ones stay. */
  public void deleteIfOwn(String id) {
    environments
        .get(id, false)
        .filter(e -> "CUSTOM".equals(e.kind()))
        .ifPresent(e -> environments.delete(e.id()));
  }

  private static void requireName(String name) {
    if (name.isEmpty()) {
      throw RenkuException.validation("name", "must not be blank");
    }
  }

  private static List<String> emptyToNull(List<String> list) {
    return list == null || list.isEmpty() ? null : List.copyOf(list);
  }
}

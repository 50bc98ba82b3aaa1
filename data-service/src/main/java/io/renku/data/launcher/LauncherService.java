package io.renku.data.launcher;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.build.ImageBuilder;
import io.renku.data.build.RepositoryAddress;
import io.renku.data.compute.ComputeResources;
import io.renku.data.environment.BuildParameters;
import io.renku.data.environment.Environment;
import io.renku.data.environment.EnvironmentService;
import io.renku.data.project.ProjectService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Session launchers: readable by whoever can read the project, changed by whoever can write it. A
 * launcher either points at a global environment or owns a CUSTOM one (its own image), which is
 * created, replaced and deleted with it. A launcher may name the resource class its sessions start
 * on: one the person setting it may use.
 */
@Service
public class LauncherService {
  private final LauncherRepository launchers;
  private final EnvironmentService environments;
  private final ProjectService projects;
  private final ComputeResources compute;
  private final io.renku.authz.postgres.Authz authz;
  private final HostCommandRule hostCommands;
  private final ObjectProvider<ImageBuilder> imageBuilder;
  private final boolean allowPrivateRepositories;

  public LauncherService(
      LauncherRepository launchers,
      EnvironmentService environments,
      ProjectService projects,
      ComputeResources compute,
      io.renku.authz.postgres.Authz authz,
      HostCommandRule hostCommands,
      ObjectProvider<ImageBuilder> imageBuilder,
      @Value("${renku.builds.allow-private-repositories:false}") boolean allowPrivateRepositories) {
    this.imageBuilder = imageBuilder;
    this.allowPrivateRepositories = allowPrivateRepositories;
    this.launchers = launchers;
    this.environments = environments;
    this.projects = projects;
    this.compute = compute;
    this.authz = authz;
    this.hostCommands = hostCommands;
  }

  /**
   * The environment part of a request: {@code globalId} for a global environment, otherwise the
   * fields of the launcher's own image ({@code custom}).
   */
  public record EnvironmentChoice(
      String globalId,
      String kind,
      EnvironmentService.Changes custom,
      boolean customFieldsGiven,
      BuildParameters build,
      BuildChange buildChange) {}

  /**
   * A change of a built environment's parameters ({@code build_parameters} of a patch): null fields
   * keep their values; an empty revision or context directory removes it.
   */
  public record BuildChange(
      String repository,
      String builderVariant,
      String frontendVariant,
      String revision,
      String contextDir,
      List<String> platforms) {}

  /** A new launcher or the changes to one; null fields keep their defaults or values. */
  public record Draft(
      String projectId,
      String name,
      String description,
      EnvironmentChoice environment,
      Integer resourceClassId,
      Long diskStorage,
      List<Launcher.EnvVariable> envVariables,
      String launcherType) {}

  @Transactional
  public Launcher create(ApiUser caller, Draft d) {
    projects.requireWrite(caller, d.projectId());
    requireUsableClass(caller, d.resourceClassId());
    requireUniqueNames(d.envVariables());
    VariableNames.requireNotReserved("env_variables", d.envVariables());
    Environment env = resolve(caller, d.environment(), null, d.name());
    LauncherRepository.Row row =
        new LauncherRepository.Row(
            Ulid.next(),
            d.projectId(),
            requireName(d.name()),
            d.description(),
            env.id(),
            d.resourceClassId(),
            d.diskStorage(),
            d.envVariables() == null ? List.of() : List.copyOf(d.envVariables()),
            d.launcherType() == null ? "interactive" : d.launcherType(),
            OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    launchers.insert(row, caller.id());
    return launcher(row, env);
  }

  public Launcher get(ApiUser caller, String id) {
    LauncherRepository.Row row = launchers.get(id, false).orElseThrow(() -> notFound(id));
    try {
      projects.get(caller, row.projectId());
    } catch (RenkuException e) {
      throw notFound(id); // an invisible project hides its launchers
    }
    return launcher(row, environment(row.environmentId()));
  }

  /**
   * The launcher whose own environment this is, when the caller can read its project; with {@code
   * write}, also 403 unless the caller may change the project. 404 for environments of no launcher,
   * global ones and invisible projects alike.
   */
  public Launcher ofOwnEnvironment(ApiUser caller, String environmentId, boolean write) {
    Supplier<RenkuException> notFound =
        () -> RenkuException.notFound("Environment " + environmentId + " does not exist.");
    Environment env =
        environments
            .find(environmentId)
            .filter(e -> Environment.CUSTOM.equals(e.kind()))
            .orElseThrow(notFound);
    LauncherRepository.Row row = launchers.byEnvironment(env.id()).orElseThrow(notFound);
    try {
      projects.get(caller, row.projectId());
    } catch (RenkuException e) {
      throw notFound.get(); // an invisible project hides its launchers' environments
    }
    if (write) {
      requireProjectWrite(caller, row.id(), row.projectId());
    }
    return launcher(row, env);
  }

  /** The launchers of every project the caller can read (one bulk permission check). */
  public List<Launcher> readable(ApiUser caller) {
    List<LauncherRepository.Row> rows = launchers.all();
    var refs =
        rows.stream()
            .map(r -> io.renku.authz.postgres.PlatformRelations.project(r.projectId()))
            .distinct()
            .toList();
    var readable =
        refs.isEmpty()
            ? java.util.Map.<io.renku.authz.ObjectRef, Boolean>of()
            : authz.hasEach(caller, refs, "read");
    return rows.stream()
        .filter(
            r ->
                Boolean.TRUE.equals(
                    readable.get(io.renku.authz.postgres.PlatformRelations.project(r.projectId()))))
        .map(r -> launcher(r, environment(r.environmentId())))
        .toList();
  }

  public List<Launcher> forProject(ApiUser caller, String projectId) {
    projects.get(caller, projectId);
    return launchers.forProject(projectId).stream()
        .map(r -> launcher(r, environment(r.environmentId())))
        .toList();
  }

  @Transactional
  public Launcher update(ApiUser caller, String id, Draft d) {
    caller.requireAuthenticated();
    LauncherRepository.Row old = launchers.get(id, true).orElseThrow(() -> notFound(id));
    requireProjectWrite(caller, id, old.projectId());
    if (d.resourceClassId() != null && !d.resourceClassId().equals(old.resourceClassId())) {
      requireUsableClass(caller, d.resourceClassId());
    }
    requireUniqueNames(d.envVariables());
    VariableNames.requireNotReserved("env_variables", d.envVariables());
    Environment env =
        d.environment() == null
            ? environment(old.environmentId())
            : resolve(
                caller,
                d.environment(),
                environment(old.environmentId()),
                d.name() == null ? old.name() : d.name());
    LauncherRepository.Row row =
        new LauncherRepository.Row(
            old.id(),
            old.projectId(),
            d.name() == null ? old.name() : requireName(d.name()),
            d.description() == null ? old.description() : d.description(),
            env.id(),
            d.resourceClassId() == null ? old.resourceClassId() : d.resourceClassId(),
            d.diskStorage() == null ? old.diskStorage() : d.diskStorage(),
            d.envVariables() == null ? old.envVariables() : List.copyOf(d.envVariables()),
            d.launcherType() == null ? old.launcherType() : d.launcherType(),
            old.creationDate());
    launchers.update(row);
    if (!env.id().equals(old.environmentId())) {
      deleteIfOwn(old.environmentId());
    }
    return launcher(row, env);
  }

  @Transactional
  public void delete(ApiUser caller, String id) {
    caller.requireAuthenticated();
    var row = launchers.get(id, true);
    if (row.isEmpty()) {
      return;
    }
    requireProjectWrite(caller, id, row.get().projectId());
    launchers.delete(id);
    deleteIfOwn(row.get().environmentId());
  }

  /**
   * The environment a request chose: a global one, a new own one (an image, or built from a
   * repository), or the current own built one with changed build parameters.
   *
   * @param current the launcher's environment before a change; null for a new launcher
   */
  private Environment resolve(
      ApiUser caller, EnvironmentChoice choice, Environment current, String launcherName) {
    if (choice == null) {
      throw RenkuException.validation("environment", "is required");
    }
    if (choice.buildChange() != null && choice.build() == null && choice.globalId() == null) {
      BuildChange change = choice.buildChange();
      if (current != null && current.built() && Environment.CUSTOM.equals(current.kind())) {
        return changeBuild(change, current);
      }
      if (change.repository() != null
          && change.builderVariant() != null
          && change.frontendVariant() != null) {
        // An image launcher turned into a build launcher, all parameters given.
        choice =
            new EnvironmentChoice(
                null,
                choice.kind(),
                choice.custom(),
                false,
                new BuildParameters(
                    change.repository(),
                    change.builderVariant(),
                    change.frontendVariant(),
                    emptyToNull(change.revision()),
                    emptyToNull(change.contextDir()),
                    change.platforms()),
                null);
      } else {
        return changeBuild(change, current);
      }
    }
    if (choice.build() != null) {
      if (choice.globalId() != null) {
        throw RenkuException.validation(
            "environment", "give either the id of a global environment or a build, not both");
      }
      EnvironmentService.Changes c = choice.custom();
      if (c.containerImage() != null) {
        throw RenkuException.validation(
            "environment.container_image",
            "an environment built from a repository gets its image from its builds");
      }
      BuildParameters b = requireBuildable(choice.build());
      String name = c.name() != null && !c.name().isBlank() ? c.name() : launcherName;
      Environment own =
          EnvironmentService.fromChanges(
              new EnvironmentService.Changes(
                  name == null || name.isBlank() ? "Built from " + b.repository() : name,
                  c.description(),
                  null,
                  c.defaultUrl(),
                  c.uid(),
                  c.gid(),
                  c.workingDirectory(),
                  c.mountDirectory(),
                  c.port(),
                  c.command(),
                  c.args(),
                  c.archived(),
                  c.stripPathPrefix(),
                  Environment.BUILD,
                  b),
              Environment.CUSTOM);
      environments.addOwn(own, caller.id());
      return own;
    }
    if (choice.globalId() != null) {
      if (choice.customFieldsGiven() || "CUSTOM".equals(choice.kind())) {
        throw RenkuException.validation(
            "environment", "give either the id of a global environment or an image, not both");
      }
      String globalId = choice.globalId();
      Environment global =
          environments
              .find(globalId)
              .filter(e -> Environment.GLOBAL.equals(e.kind()))
              .orElseThrow(
                  () ->
                      RenkuException.validation(
                          "environment.id", "no global environment " + globalId));
      if (global.archived()) {
        throw RenkuException.validation("environment.id", "the environment is archived");
      }
      return global;
    }
    if ("GLOBAL".equals(choice.kind())) {
      throw RenkuException.validation("environment.id", "is required for a global environment");
    }
    EnvironmentService.Changes c = choice.custom();
    if (archiveOnly(choice, current)) {
      // The original patches a launcher's own environment in place; a change of only its
      // archived flag must not ask for the image again.
      return environments.replaceOwn(withArchived(current, c.archived()));
    }
    hostCommands.requireMaySetCustom(caller, c);
    if (c.containerImage() == null) {
      throw RenkuException.validation("environment.container_image", "is required");
    }
    if (c.name() == null || c.name().isBlank()) {
      throw RenkuException.validation("environment.name", "is required");
    }
    Environment own = EnvironmentService.fromChanges(c, "CUSTOM");
    environments.addOwn(own, caller.id());
    return own;
  }

  /** A change of nothing but the archived flag of the launcher's own environment. */
  private static boolean archiveOnly(EnvironmentChoice choice, Environment current) {
    EnvironmentService.Changes c = choice.custom();
    return current != null
        && Environment.CUSTOM.equals(current.kind())
        && c.archived() != null
        && !choice.customFieldsGiven()
        && c.description() == null
        && c.workingDirectory() == null
        && c.mountDirectory() == null
        && c.stripPathPrefix() == null;
  }

  private static Environment withArchived(Environment e, boolean archived) {
    return new Environment(
        e.id(),
        e.name(),
        e.description(),
        e.containerImage(),
        e.defaultUrl(),
        e.uid(),
        e.gid(),
        e.workingDirectory(),
        e.mountDirectory(),
        e.port(),
        e.command(),
        e.args(),
        archived,
        e.stripPathPrefix(),
        e.kind(),
        e.imageSource(),
        e.creationDate(),
        e.build());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The current own built environment with the changed parameters (same id, same image). */
  private Environment changeBuild(BuildChange change, Environment current) {
    if (current == null || !current.built() || !Environment.CUSTOM.equals(current.kind())) {
      throw RenkuException.validation(
          "environment.build_parameters",
          "the launcher's environment is not built from a repository; give"
              + " environment_image_source build with the repository instead");
    }
    BuildParameters old = current.build();
    BuildParameters changed =
        requireBuildable(
            new BuildParameters(
                change.repository() == null ? old.repository() : change.repository(),
                change.builderVariant() == null ? old.builderVariant() : change.builderVariant(),
                change.frontendVariant() == null ? old.frontendVariant() : change.frontendVariant(),
                change.revision() == null
                    ? old.revision()
                    : change.revision().isEmpty() ? null : change.revision(),
                change.contextDir() == null
                    ? old.contextDir()
                    : change.contextDir().isEmpty() ? null : change.contextDir(),
                change.platforms() == null ? old.platforms() : change.platforms()));
    return environments.replaceOwn(
        new Environment(
            current.id(),
            current.name(),
            current.description(),
            current.containerImage(),
            current.defaultUrl(),
            current.uid(),
            current.gid(),
            current.workingDirectory(),
            current.mountDirectory(),
            current.port(),
            current.command(),
            current.args(),
            current.archived(),
            current.stripPathPrefix(),
            current.kind(),
            current.imageSource(),
            current.creationDate(),
            changed));
  }

  /**
   * 422 naming the field unless this platform can build {@code b}: builds are on, the variants are
   * the builder's, the repository is one builds may clone, and there is at most one platform.
   */
  private BuildParameters requireBuildable(BuildParameters b) {
    ImageBuilder builder = imageBuilder.getIfAvailable();
    if (builder == null) {
      throw RenkuException.validation(
          "environment.environment_image_source", "image builds are not enabled on this platform");
    }
    String problem = RepositoryAddress.problem(b.repository(), allowPrivateRepositories);
    if (problem != null) {
      throw RenkuException.validation("environment.repository", problem);
    }
    if (b.builderVariant() == null || !builder.builderVariants().contains(b.builderVariant())) {
      throw RenkuException.validation(
          "environment.builder_variant",
          "must be one of "
              + String.join(", ", new java.util.TreeSet<>(builder.builderVariants())));
    }
    if (b.frontendVariant() == null || !builder.frontendVariants().contains(b.frontendVariant())) {
      throw RenkuException.validation(
          "environment.frontend_variant",
          "must be one of "
              + String.join(", ", new java.util.TreeSet<>(builder.frontendVariants())));
    }
    if (b.platforms().size() > 1) {
      throw RenkuException.validation("environment.platforms", "one platform per build");
    }
    return b;
  }

  private void deleteIfOwn(String environmentId) {
    environments.deleteIfOwn(environmentId);
  }

  private Environment environment(String id) {
    return environments
        .find(id)
        .orElseThrow(() -> new IllegalStateException("launcher environment " + id + " missing"));
  }

  private static Launcher launcher(LauncherRepository.Row r, Environment env) {
    return new Launcher(
        r.id(),
        r.projectId(),
        r.name(),
        r.description(),
        env,
        r.resourceClassId(),
        r.diskStorage(),
        r.envVariables(),
        r.launcherType(),
        r.creationDate());
  }

  /** 422 naming resource_class_id unless the class exists and the caller may use it. */
  private void requireUsableClass(ApiUser caller, Integer resourceClassId) {
    if (resourceClassId != null) {
      compute.classFor(caller, resourceClassId, null);
    }
  }

  private static void requireUniqueNames(List<Launcher.EnvVariable> vars) {
    if (vars != null
        && vars.stream().map(Launcher.EnvVariable::name).distinct().count() != vars.size()) {
      throw RenkuException.validation("env_variables", "names must be unique");
    }
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw RenkuException.validation("name", "must not be blank");
    }
    return name.strip();
  }

  /**
   * Write access to the launcher's project; when the caller cannot see that project, the answer is
   * about the launcher they asked for, never naming the (private) project's id.
   */
  private void requireProjectWrite(ApiUser caller, String launcherId, String projectId) {
    try {
      projects.requireWrite(caller, projectId);
    } catch (RenkuException e) {
      if (e.errorCode() == io.renku.core.ErrorCode.NOT_FOUND) {
        throw notFound(launcherId);
      }
      throw e;
    }
  }

  private static RenkuException notFound(String id) {
    return RenkuException.notFound(
        "Session launcher " + id + " does not exist or you do not have access to it.");
  }
}

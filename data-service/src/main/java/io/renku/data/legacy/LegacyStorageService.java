package io.renku.data.legacy;

import io.renku.core.ApiUser;
import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.dataconnector.DataConnectorStorage;
import io.renku.data.dataconnector.DataConnectorStorageRules;
import io.renku.data.project.ProjectService;
import io.renku.data.storage.StorageOption;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The v1 form of a project's cloud storage ({@code /storage}). The original checked GitLab project
 * access; here the project's own permissions count: read to see, write to change (401 / 404 / 403
 * as for every change of a project). The storage is checked exactly as a data connector's (the
 * rclone schema, allowed addresses, paths inside the working directory) and credentials are never
 * kept, so never answered.
 */
@Service
public class LegacyStorageService {
  /** The change of a legacy entry (PATCH): null fields keep their values. */
  public record Change(
      String projectRef,
      String name,
      Map<String, Object> configuration,
      String sourcePath,
      String targetPath,
      Boolean readonly) {}

  /** A new or replacing entry (POST, PUT): configuration and source path, or a storage URL. */
  public record Draft(
      String projectRef,
      String name,
      Map<String, Object> configuration,
      String sourcePath,
      String targetPath,
      Boolean readonly,
      String storageUrl) {}

  private final LegacyStorageRepository storage;
  private final ProjectMigrationRepository migrations;
  private final ProjectService projects;
  private final DataConnectorStorageRules rules;

  public LegacyStorageService(
      LegacyStorageRepository storage,
      ProjectMigrationRepository migrations,
      ProjectService projects,
      DataConnectorStorageRules rules) {
    this.storage = storage;
    this.migrations = migrations;
    this.projects = projects;
    this.rules = rules;
  }

  /** The entries of a project the caller can read (404 otherwise). */
  public List<LegacyStorage> list(ApiUser caller, String projectRef) {
    String projectId = project(projectRef);
    projects.get(caller, projectId);
    return storage.forProject(projectId);
  }

  public LegacyStorage get(ApiUser caller, String id) {
    LegacyStorage s = storage.get(id, false).orElseThrow(() -> notFound(id));
    projects.get(caller, s.projectId());
    return s;
  }

  @Transactional
  public LegacyStorage create(ApiUser caller, Draft d) {
    caller.requireAuthenticated();
    String projectId = project(d.projectRef());
    projects.requireWrite(caller, projectId);
    LegacyStorage s =
        new LegacyStorage(Ulid.next(), projectId, d.projectRef(), d.name(), checked(d));
    requireFreeName(projectId, s.name(), null);
    try {
      storage.insert(s);
    } catch (DuplicateKeyException e) {
      throw nameTaken(s.name());
    }
    return s;
  }

  @Transactional
  public LegacyStorage replace(ApiUser caller, String id, Draft d) {
    LegacyStorage old = writable(caller, id);
    requireSameProject(old, d.projectRef());
    return save(new LegacyStorage(id, old.projectId(), old.projectRef(), d.name(), checked(d)));
  }

  @Transactional
  public LegacyStorage change(ApiUser caller, String id, Change c) {
    LegacyStorage old = writable(caller, id);
    if (c.projectRef() != null) {
      requireSameProject(old, c.projectRef());
    }
    DataConnectorStorage changed =
        renamed(
            () ->
                rules.forChange(
                    old.storage(),
                    c.configuration(),
                    c.sourcePath(),
                    c.targetPath(),
                    c.readonly()));
    return save(
        new LegacyStorage(
            id,
            old.projectId(),
            old.projectRef(),
            c.name() == null ? old.name() : c.name(),
            changed));
  }

  @Transactional
  public void delete(ApiUser caller, String id) {
    caller.requireAuthenticated();
    if (storage.get(id, true).isEmpty()) {
      return;
    }
    writable(caller, id);
    storage.delete(id);
  }

  /** The credential options the entry uses (their values are never kept). */
  public List<StorageOption> sensitiveFields(LegacyStorage s) {
    return rules.sensitiveFields(s.storage());
  }

  private LegacyStorage save(LegacyStorage s) {
    requireFreeName(s.projectId(), s.name(), s.id());
    try {
      storage.update(s);
    } catch (DuplicateKeyException e) {
      throw nameTaken(s.name());
    }
    return s;
  }

  private LegacyStorage writable(ApiUser caller, String id) {
    caller.requireAuthenticated();
    LegacyStorage s = storage.get(id, true).orElseThrow(() -> notFound(id));
    projects.requireWrite(caller, s.projectId());
    return s;
  }

  private DataConnectorStorage checked(Draft d) {
    return renamed(
        () ->
            rules.forCreation(
                d.configuration(), d.sourcePath(), d.targetPath(), d.readonly(), d.storageUrl()));
  }

  /**
   * The project a client names: its id, or the v1 id (digits) of a migrated project, as the
   * original took GitLab ids. 404 for a v1 id nothing was migrated from.
   */
  private String project(String ref) {
    if (ref == null || ref.isBlank()) {
      throw RenkuException.validation("project_id", "is required");
    }
    Long v1Id = v1Id(ref);
    if (v1Id != null) {
      return migrations
          .byV1Id(v1Id)
          .map(ProjectMigration::projectId)
          .orElseThrow(
              () -> RenkuException.notFound("No project was migrated from v1 project " + v1Id));
    }
    if (!Ulid.isValid(ref)) {
      throw RenkuException.validation(
          "project_id", "must be a project id or the v1 id of a migrated project");
    }
    return ref;
  }

  /**
   * The v1 id a reference names when it is all digits and fits a long (any v1 id does), else null.
   */
  private static Long v1Id(String ref) {
    if (ref.length() > 19 || !ref.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    try {
      return Long.parseLong(ref);
    } catch (NumberFormatException tooLarge) {
      return null;
    }
  }

  private void requireSameProject(LegacyStorage old, String ref) {
    if (!project(ref).equals(old.projectId())) {
      throw RenkuException.validation(
          "project_id", "the project of an existing storage cannot change");
    }
  }

  private void requireFreeName(String projectId, String name, String exceptId) {
    if (storage.nameTaken(projectId, name, exceptId)) {
      throw nameTaken(name);
    }
  }

  /**
   * The data connector's rules name fields as in a connector ({@code storage.target_path}); the
   * legacy entry has them at the top level.
   */
  private static DataConnectorStorage renamed(Supplier<DataConnectorStorage> check) {
    try {
      return check.get();
    } catch (RenkuException e) {
      String field = e.detail();
      if (e.errorCode() != ErrorCode.VALIDATION || field == null || !field.startsWith("storage")) {
        throw e;
      }
      String legacy =
          field.equals("storage") ? "storage_url" : field.replaceFirst("^storage\\.", "");
      throw new RenkuException(
          ErrorCode.VALIDATION, e.getMessage().replace(field + ":", legacy + ":"), legacy, e);
    }
  }

  private static RenkuException nameTaken(String name) {
    return RenkuException.conflict("A storage named " + name + " exists already in the project.");
  }

  private static RenkuException notFound(String id) {
    return RenkuException.notFound("The storage with id '" + id + "' cannot be found.");
  }
}

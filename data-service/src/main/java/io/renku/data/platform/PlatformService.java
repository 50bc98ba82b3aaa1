package io.renku.data.platform;

import io.renku.authz.RelationshipUpdate;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.ETags;
import io.renku.core.RenkuException;
import io.renku.data.validation.Fields;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The incident banner and who may create projects and groups; admins change them. */
@Service
public class PlatformService {
  private static final Logger log = LoggerFactory.getLogger(PlatformService.class);
  static final int MAX_BANNER = 5000;

  private final PlatformRepository repository;
  private final Authz authz;

  public PlatformService(PlatformRepository repository, Authz authz) {
    this.repository = repository;
    this.authz = authz;
  }

  public PlatformConfig config() {
    return repository.config(false);
  }

  /** Whether visitors who are not logged in may start (and resume) sessions. */
  public boolean anonymousSessionsEnabled() {
    return repository.config(false).anonymousSessionsEnabled();
  }

  /** Changes the fields given (null: unchanged); admins only, against the current ETag. */
  @Transactional
  public PlatformConfig updateConfig(
      ApiUser caller, String incidentBanner, Boolean anonymousSessionsEnabled, String ifMatch) {
    caller.requireAdmin();
    PlatformConfig current = repository.config(true);
    ETags.requireMatch(ifMatch, current.etag());
    if (incidentBanner != null) {
      String banner = Fields.text("incident_banner", incidentBanner, MAX_BANNER);
      repository.updateIncidentBanner(banner == null ? "" : banner);
      log.info("Admin {} changed the incident banner", caller.id());
    }
    if (anonymousSessionsEnabled != null
        && anonymousSessionsEnabled != current.anonymousSessionsEnabled()) {
      repository.updateAnonymousSessions(anonymousSessionsEnabled);
      log.info(
          "Admin {} turned anonymous sessions {}",
          caller.id(),
          anonymousSessionsEnabled ? "on" : "off");
    }
    return repository.config(false);
  }

  public AuthorizationConfig authorizationConfig() {
    return repository.authorizationConfig(false);
  }

  @Transactional
  public AuthorizationConfig updateAuthorizationConfig(
      ApiUser caller, String createProjects, String createGroups, String ifMatch) {
    caller.requireAdmin();
    AuthorizationConfig current = repository.authorizationConfig(true);
    ETags.requireMatch(ifMatch, current.etag());
    String projects = createProjects == null ? current.createProjects() : createProjects;
    String groups = createGroups == null ? current.createGroups() : createGroups;
    repository.updateAuthorizationConfig(
        policy("create_projects", projects), policy("create_groups", groups));
    applyCreatorRelations(projects, groups);
    log.info("Admin {} set create_projects={} create_groups={}", caller.id(), projects, groups);
    return repository.authorizationConfig(false);
  }

  /**
   * Whether {@code caller} may create projects ({@code "create_projects"}) or groups ({@code
   * "create_groups"}). When the stored policy lets every registered user do it, the platform
   * carries the wildcard relation that grants it, so SpiceDB would say yes to any logged-in user
   * and is not asked; otherwise only admins may, and SpiceDB decides.
   */
  public boolean mayCreate(ApiUser caller, String permission) {
    caller.requireAuthenticated();
    AuthorizationConfig config = repository.authorizationConfig(false);
    String policy =
        "create_projects".equals(permission) ? config.createProjects() : config.createGroups();
    return AuthorizationConfig.REGISTERED_USERS.equals(policy)
        || authz.has(caller, PlatformRelations.PLATFORM, permission);
  }

  /** Makes the platform's creator wildcards match the stored policy (also run at start). */
  @Transactional
  public void applyCreatorRelations() {
    AuthorizationConfig c = repository.authorizationConfig(false);
    applyCreatorRelations(c.createProjects(), c.createGroups());
  }

  private void applyCreatorRelations(String createProjects, String createGroups) {
    authz.write(
        List.of(
            creator("project_creator", createProjects), creator("group_creator", createGroups)));
  }

  private static RelationshipUpdate creator(String relation, String policy) {
    return AuthorizationConfig.REGISTERED_USERS.equals(policy)
        ? PlatformRelations.touch(PlatformRelations.PLATFORM, relation, PlatformRelations.ALL_USERS)
        : PlatformRelations.delete(
            PlatformRelations.PLATFORM, relation, PlatformRelations.ALL_USERS);
  }

  private static String policy(String field, String value) {
    if (!AuthorizationConfig.ADMINS_ONLY.equals(value)
        && !AuthorizationConfig.REGISTERED_USERS.equals(value)) {
      throw RenkuException.validation(field, "must be admins_only or registered_users");
    }
    return value;
  }
}

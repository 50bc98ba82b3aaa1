package io.renku.data.project;

import io.renku.api.data.api.ProjectsApi;
import io.renku.api.data.model.ProjectMemberPatchRequest;
import io.renku.api.data.model.ProjectMemberResponse;
import io.renku.api.data.model.ProjectPatch;
import io.renku.api.data.model.ProjectPermissions;
import io.renku.api.data.model.ProjectPost;
import io.renku.api.data.model.Role;
import io.renku.core.ETags;
import io.renku.core.Paging;
import io.renku.data.member.MemberChange;
import io.renku.data.web.CurrentUser;
import io.renku.data.web.PageResponses;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /projects} and {@code /namespaces/{ns}/projects/{slug}}. */
@RestController
public class ProjectController implements ProjectsApi {
  private final ProjectService projects;
  private final CurrentUser currentUser;

  public ProjectController(ProjectService projects, CurrentUser currentUser) {
    this.projects = projects;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Project>> listProjects(
      Integer page, Integer perPage, String namespace, Boolean directMember) {
    return PageResponses.of(
        projects
            .list(
                currentUser.get(),
                Paging.of(page, perPage),
                namespace,
                Boolean.TRUE.equals(directMember))
            .map(p -> dto(p, false)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Project> createProject(ProjectPost body) {
    Project p = projects.create(currentUser.get(), draft(body));
    return ResponseEntity.status(HttpStatus.CREATED).eTag(p.etag()).body(dto(p, true));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Project> getProject(
      String projectId, Boolean withDocumentation, String ifNoneMatch) {
    return conditional(projects.get(currentUser.get(), projectId), withDocumentation, ifNoneMatch);
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Project> getProjectByNamespaceAndSlug(
      String namespace, String slug, Boolean withDocumentation, String ifNoneMatch) {
    return conditional(
        projects.getByPath(currentUser.get(), namespace, slug), withDocumentation, ifNoneMatch);
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Project> updateProject(
      String projectId, ProjectPatch body, String ifMatch) {
    ProjectChanges changes =
        new ProjectChanges(
            body.getName(),
            body.getNamespace(),
            body.getSlug(),
            body.getRepositories(),
            body.getVisibility() == null ? null : body.getVisibility().getValue(),
            body.getDescription(),
            body.getKeywords(),
            body.getDocumentation(),
            body.getTemplateId(),
            body.getIsTemplate(),
            body.getSecretsMountDirectory());
    Project p = projects.update(currentUser.get(), projectId, changes, ifMatch);
    return ResponseEntity.ok().eTag(p.etag()).body(dto(p, true));
  }

  @Override
  public ResponseEntity<Void> deleteProject(String projectId) {
    projects.delete(currentUser.get(), projectId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<ProjectMemberResponse>> listProjectMembers(String projectId) {
    return ResponseEntity.ok(
        projects.members(currentUser.get(), projectId).stream()
            .map(
                m ->
                    new ProjectMemberResponse(m.userId(), Role.fromValue(m.role().value()))
                        .namespace(m.namespace())
                        .firstName(m.firstName())
                        .lastName(m.lastName()))
            .toList());
  }

  @Override
  public ResponseEntity<List<ProjectMemberPatchRequest>> updateProjectMembers(
      String projectId, List<ProjectMemberPatchRequest> body) {
    List<MemberChange> changes =
        body.stream()
            .map(m -> new MemberChange(m.getId(), io.renku.core.Role.parse(m.getRole().getValue())))
            .toList();
    projects.upsertMembers(currentUser.get(), projectId, changes);
    return ResponseEntity.ok(body);
  }

  @Override
  public ResponseEntity<Void> deleteProjectMember(String projectId, String memberId) {
    projects.removeMember(currentUser.get(), projectId, memberId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<ProjectPermissions> getProjectPermissions(String projectId) {
    io.renku.authz.postgres.Permissions p = projects.permissions(currentUser.get(), projectId);
    return ResponseEntity.ok(
        new ProjectPermissions()
            .write(p.write())
            .delete(p.delete())
            .changeMembership(p.changeMembership()));
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Project>> listProjectCopies(
      String projectId, Boolean writable) {
    return ResponseEntity.ok(
        projects.copies(currentUser.get(), projectId, Boolean.TRUE.equals(writable)).stream()
            .map(p -> dto(p, false))
            .toList());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Project> copyProject(
      String projectId, ProjectPost body) {
    Project p = projects.copy(currentUser.get(), projectId, draft(body));
    return ResponseEntity.status(HttpStatus.CREATED).eTag(p.etag()).body(dto(p, true));
  }

  private static ResponseEntity<io.renku.api.data.model.Project> conditional(
      Project p, Boolean withDocumentation, String ifNoneMatch) {
    if (ETags.matchesNone(ifNoneMatch, p.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(p.etag()).build();
    }
    return ResponseEntity.ok().eTag(p.etag()).body(dto(p, Boolean.TRUE.equals(withDocumentation)));
  }

  /** What a client posts as a new project (also the project of a v1 migration). */
  public static ProjectDraft draft(ProjectPost body) {
    return new ProjectDraft(
        body.getName(),
        body.getNamespace(),
        body.getSlug(),
        body.getRepositories(),
        body.getVisibility() == null ? null : body.getVisibility().getValue(),
        body.getDescription(),
        body.getKeywords(),
        body.getDocumentation(),
        body.getSecretsMountDirectory());
  }

  public static io.renku.api.data.model.Project dto(Project p, boolean withDocumentation) {
    return new io.renku.api.data.model.Project(
            p.id(),
            p.name(),
            p.namespaceSlug(),
            p.slug(),
            p.creationDate(),
            p.createdBy(),
            io.renku.api.data.model.Visibility.fromValue(p.visibility().value()))
        .updatedAt(p.updatedAt())
        .repositories(p.repositories())
        .description(p.description())
        .etag(p.etag())
        .keywords(p.keywords())
        .documentation(withDocumentation ? p.documentation() : null)
        .templateId(p.templateId())
        .isTemplate(p.isTemplate())
        .secretsMountDirectory(p.secretsMountDirectory());
  }
}

package io.renku.data.group;

import io.renku.api.data.api.GroupsApi;
import io.renku.api.data.model.GroupMemberPatchRequest;
import io.renku.api.data.model.GroupMemberResponse;
import io.renku.api.data.model.GroupPatchRequest;
import io.renku.api.data.model.GroupPostRequest;
import io.renku.api.data.model.GroupResponse;
import io.renku.api.data.model.Role;
import io.renku.core.Paging;
import io.renku.data.member.MemberChange;
import io.renku.data.web.CurrentUser;
import io.renku.data.web.PageResponses;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /groups}. */
@RestController
public class GroupController implements GroupsApi {
  private final GroupService groups;
  private final CurrentUser currentUser;

  public GroupController(GroupService groups, CurrentUser currentUser) {
    this.groups = groups;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<GroupResponse>> listGroups(
      Integer page, Integer perPage, Boolean directMember) {
    return PageResponses.of(
        groups
            .list(currentUser.get(), Paging.of(page, perPage), Boolean.TRUE.equals(directMember))
            .map(GroupController::dto));
  }

  @Override
  public ResponseEntity<GroupResponse> createGroup(GroupPostRequest body) {
    Group g =
        groups.create(currentUser.get(), body.getName(), body.getSlug(), body.getDescription());
    return ResponseEntity.status(HttpStatus.CREATED).body(dto(g));
  }

  @Override
  public ResponseEntity<GroupResponse> getGroup(String groupSlug) {
    return ResponseEntity.ok(dto(groups.get(currentUser.get(), groupSlug)));
  }

  @Override
  public ResponseEntity<GroupResponse> updateGroup(String groupSlug, GroupPatchRequest body) {
    Group g =
        groups.update(
            currentUser.get(), groupSlug, body.getName(), body.getSlug(), body.getDescription());
    return ResponseEntity.ok(dto(g));
  }

  @Override
  public ResponseEntity<Void> deleteGroup(String groupSlug) {
    groups.delete(currentUser.get(), groupSlug);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<GroupMemberResponse>> listGroupMembers(String groupSlug) {
    return ResponseEntity.ok(
        groups.members(currentUser.get(), groupSlug).stream()
            .map(
                m ->
                    new GroupMemberResponse(m.userId(), Role.fromValue(m.role().value()))
                        .namespace(m.namespace())
                        .firstName(m.firstName())
                        .lastName(m.lastName()))
            .toList());
  }

  @Override
  public ResponseEntity<List<GroupMemberPatchRequest>> updateGroupMembers(
      String groupSlug, List<GroupMemberPatchRequest> body) {
    List<MemberChange> changes =
        body.stream()
            .map(m -> new MemberChange(m.getId(), io.renku.core.Role.parse(m.getRole().getValue())))
            .toList();
    groups.upsertMembers(currentUser.get(), groupSlug, changes);
    return ResponseEntity.ok(body);
  }

  @Override
  public ResponseEntity<Void> deleteGroupMember(String groupSlug, String userId) {
    groups.removeMember(currentUser.get(), groupSlug, userId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.GroupPermissions> getGroupPermissions(
      String groupSlug) {
    io.renku.authz.postgres.Permissions p = groups.permissions(currentUser.get(), groupSlug);
    return ResponseEntity.ok(
        new io.renku.api.data.model.GroupPermissions()
            .write(p.write())
            .delete(p.delete())
            .changeMembership(p.changeMembership()));
  }

  static GroupResponse dto(Group g) {
    return new GroupResponse(g.id(), g.name(), g.slug(), g.creationDate(), g.createdBy())
        .description(g.description());
  }
}

package io.renku.data.account;

import io.renku.api.data.api.UsersApi;
import io.renku.api.data.model.AddPinnedProject;
import io.renku.api.data.model.PinnedProjects;
import io.renku.api.data.model.SelfUserInfo;
import io.renku.api.data.model.UserWithId;
import io.renku.core.ApiUser;
import io.renku.data.user.User;
import io.renku.data.user.UserPreferences;
import io.renku.data.user.UserService;
import io.renku.data.web.CurrentUser;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /user}, {@code /users} and {@code /user/preferences}. */
@RestController
public class UserController implements UsersApi {
  private final UserService users;
  private final AccountService accounts;
  private final CurrentUser currentUser;

  public UserController(UserService users, AccountService accounts, CurrentUser currentUser) {
    this.users = users;
    this.accounts = accounts;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<SelfUserInfo> getSelf() {
    ApiUser caller = currentUser.get();
    User u = users.self(caller);
    return ResponseEntity.ok(
        new SelfUserInfo(u.id(), u.username(), caller.admin())
            .email(u.email())
            .firstName(u.firstName())
            .lastName(u.lastName()));
  }

  @Override
  public ResponseEntity<List<UserWithId>> listUsers(String exactEmail) {
    return ResponseEntity.ok(
        users.list(currentUser.get(), exactEmail).stream().map(UserController::dto).toList());
  }

  @Override
  public ResponseEntity<UserWithId> getUser(String userId) {
    return ResponseEntity.ok(dto(users.get(currentUser.get(), userId)));
  }

  @Override
  public ResponseEntity<Void> deleteUser(String userId) {
    accounts.delete(currentUser.get(), userId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.UserPreferences> getUserPreferences() {
    return ResponseEntity.ok(dto(users.preferences(currentUser.get())));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.UserPreferences> addPinnedProject(
      AddPinnedProject body) {
    return ResponseEntity.ok(dto(users.pin(currentUser.get(), body.getProjectSlug())));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.UserPreferences> removePinnedProjects(
      String projectSlug) {
    return ResponseEntity.ok(dto(users.unpin(currentUser.get(), projectSlug)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.UserPreferences> dismissProjectMigrationBanner() {
    return ResponseEntity.ok(dto(users.showProjectMigrationBanner(currentUser.get(), false)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.UserPreferences> restoreProjectMigrationBanner() {
    return ResponseEntity.ok(dto(users.showProjectMigrationBanner(currentUser.get(), true)));
  }

  static UserWithId dto(User u) {
    return new UserWithId(u.id(), u.username())
        .email(u.email())
        .firstName(u.firstName())
        .lastName(u.lastName());
  }

  static io.renku.api.data.model.UserPreferences dto(UserPreferences p) {
    return new io.renku.api.data.model.UserPreferences(
            p.userId(), new PinnedProjects().projectSlugs(p.pinnedProjects()))
        .showProjectMigrationBanner(p.showProjectMigrationBanner());
  }
}

package io.renku.authz;

import static io.renku.authz.RelationshipUpdate.delete;
import static io.renku.authz.RelationshipUpdate.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Authorizer} must show, checked with real relationships against the
 * Renku schema (v11). Bind it by extending it and implementing {@link #createAuthorizer()}; it is
 * published in this module's test-jar.
 *
 * <p>Isolation: before each test every relationship of the Renku types is deleted, so a backend may
 * be shared by all tests of a class (not by classes running in parallel). Ids also carry a per-test
 * suffix so a failure never bleeds into the next test.
 */
public abstract class AbstractAuthorizerContractTest {

  private static final List<String> RENKU_TYPES =
      List.of("platform", "group", "user_namespace", "project", "data_connector", "resource_pool");

  /**
   * An authorizer whose backend has the Renku schema ({@link RenkuSchema#text()}) written. Called
   * before every test; it may return a new authorizer over a shared backend.
   */
  protected abstract Authorizer createAuthorizer();

  /** Releases what {@link #createAuthorizer()} made; closes it if it is {@link AutoCloseable}. */
  protected void release(Authorizer authorizer) throws Exception {
    if (authorizer instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /**
   * The ids in a {@link Authorizer#readableSet} answer. {@link ResourceSet.Ids} are read here; a
   * backend that answers {@link ResourceSet.Query} overrides this to run the query on its database.
   */
  protected Set<String> members(ResourceSet set) {
    if (set instanceof ResourceSet.Ids ids) {
      return new HashSet<>(ids.ids());
    }
    throw new AssertionError(
        "this backend answers readable sets as SQL: its binding must override members()");
  }

  protected Authorizer authz;
  private String suffix;

  @BeforeEach
  void setUpContract() {
    authz = createAuthorizer();
    for (String type : RENKU_TYPES) {
      authz.deleteAll(RelationshipFilter.ofType(type));
    }
    suffix = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDownContract() throws Exception {
    release(authz);
  }

  // --- projects ----------------------------------------------------------------------------

  @Test
  void projectRolesGrantPermissionsAsTheSchemaSays() {
    ObjectRef project = project("p");
    write(
        rel(project, "owner", user("owner")),
        rel(project, "editor", user("editor")),
        rel(project, "viewer", user("viewer")));

    assertPermissions(
        user("owner"),
        project,
        Map.of("read", true, "write", true, "delete", true, "change_membership", true));
    assertPermissions(
        user("editor"),
        project,
        Map.of("read", true, "write", true, "delete", false, "change_membership", false));
    assertPermissions(
        user("viewer"),
        project,
        Map.of("read", true, "write", false, "delete", false, "change_membership", false));
    assertPermissions(
        user("stranger"),
        project,
        Map.of("read", false, "write", false, "delete", false, "change_membership", false));
    assertPermissions(SubjectRef.anonymous(), project, Map.of("read", false));
  }

  @Test
  void publicProjectIsReadableByEveryUserAndAnonymousButPrivateIsNot() {
    ObjectRef publicProject = project("public");
    ObjectRef privateProject = project("private");
    write(
        rel(publicProject, "owner", user("owner")),
        rel(publicProject, "public_viewer", SubjectRef.allUsers()),
        rel(publicProject, "public_viewer", SubjectRef.allAnonymousUsers()),
        rel(privateProject, "owner", user("owner")));

    assertThat(authz.check(user("anyone"), publicProject, "read")).isTrue();
    assertThat(authz.check(SubjectRef.anonymous(), publicProject, "read")).isTrue();
    assertThat(authz.check(user("anyone"), publicProject, "write")).isFalse();
    assertThat(authz.check(SubjectRef.anonymous(), publicProject, "write")).isFalse();

    assertThat(authz.check(user("anyone"), privateProject, "read")).isFalse();
    assertThat(authz.check(SubjectRef.anonymous(), privateProject, "read")).isFalse();
    assertThat(authz.check(user("owner"), privateProject, "read")).isTrue();
  }

  @Test
  void groupOwnerCanDeleteProjectsInTheGroup() {
    ObjectRef group = group("g");
    ObjectRef project = project("p");
    write(
        rel(group, "owner", user("group-owner")),
        rel(project, "project_namespace", SubjectRef.of(group)),
        rel(project, "owner", user("project-owner")));

    assertPermissions(
        user("group-owner"),
        project,
        Map.of("read", true, "write", true, "delete", true, "change_membership", true));
    assertThat(authz.check(user("project-owner"), group, "delete")).isFalse();
  }

  @Test
  void groupEditorsAndViewersReadPrivateProjectsInTheGroupButDoNotWriteThem() {
    ObjectRef group = group("g");
    ObjectRef project = project("p");
    write(
        rel(group, "owner", user("owner")),
        rel(group, "editor", user("editor")),
        rel(group, "viewer", user("viewer")),
        rel(project, "project_namespace", SubjectRef.of(group)));

    // Namespace editors do not cascade write: only read_children and delete reach projects.
    assertPermissions(
        user("editor"), project, Map.of("read", true, "write", false, "delete", false));
    assertPermissions(
        user("viewer"), project, Map.of("read", true, "write", false, "delete", false));
    assertThat(authz.check(user("editor"), group, "write")).isTrue();
    assertThat(authz.check(user("viewer"), group, "write")).isFalse();
    assertThat(authz.check(user("stranger"), project, "read")).isFalse();
  }

  @Test
  void userNamespaceOwnerDeletesTheirProjects() {
    ObjectRef namespace = userNamespace("ns");
    ObjectRef project = project("p");
    write(
        rel(namespace, "owner", user("me")),
        rel(project, "project_namespace", SubjectRef.of(namespace)));

    assertPermissions(user("me"), project, Map.of("read", true, "write", true, "delete", true));
    assertPermissions(user("other"), project, Map.of("read", false, "delete", false));
  }

  @Test
  void platformAdminCanDeleteProjectsAndGroupsLinkedToThePlatform() {
    ObjectRef platform = platform();
    ObjectRef project = project("p");
    ObjectRef group = group("g");
    ObjectRef unlinked = project("unlinked");
    write(
        rel(platform, "admin", user("admin")),
        rel(project, "project_platform", SubjectRef.of(platform)),
        rel(project, "owner", user("owner")),
        rel(group, "group_platform", SubjectRef.of(platform)),
        rel(unlinked, "owner", user("owner")));

    assertThat(authz.check(user("admin"), platform, "is_admin")).isTrue();
    assertPermissions(user("admin"), project, Map.of("delete", true, "write", true, "read", true));
    assertPermissions(user("admin"), group, Map.of("delete", true, "change_membership", true));
    assertThat(authz.check(user("admin"), unlinked, "delete")).isFalse();
    assertThat(authz.check(user("owner"), platform, "is_admin")).isFalse();
    assertThat(authz.check(user("owner"), group, "delete")).isFalse();
  }

  @Test
  void projectCreatorWildcardLetsEveryUserCreateProjects() {
    ObjectRef platform = platform();
    write(
        rel(platform, "project_creator", SubjectRef.allUsers()),
        rel(platform, "admin", user("admin")));

    assertThat(authz.check(user("anyone"), platform, "create_projects")).isTrue();
    assertThat(authz.check(user("anyone"), platform, "create_groups")).isFalse();
    assertThat(authz.check(SubjectRef.anonymous(), platform, "create_projects")).isFalse();
    assertThat(authz.check(user("admin"), platform, "create_groups")).isTrue();
  }

  @Test
  void nonPublicReadExcludesPublicProjects() {
    ObjectRef privateProject = project("private");
    ObjectRef publicProject = project("public");
    ObjectRef group = group("g");
    ObjectRef groupProject = project("in-group");
    write(
        rel(privateProject, "owner", user("me")),
        rel(publicProject, "owner", user("me")),
        rel(publicProject, "public_viewer", SubjectRef.allUsers()),
        rel(publicProject, "public_viewer", SubjectRef.allAnonymousUsers()),
        rel(group, "viewer", user("me")),
        rel(groupProject, "project_namespace", SubjectRef.of(group)));

    assertThat(authz.check(user("me"), privateProject, "non_public_read")).isTrue();
    assertThat(authz.check(user("me"), publicProject, "non_public_read")).isFalse();
    assertThat(authz.check(user("me"), groupProject, "non_public_read")).isTrue();
    assertThat(authz.lookupResources("project", "non_public_read", user("me")))
        .containsExactlyInAnyOrder(privateProject.id(), groupProject.id());
  }

  @Test
  void lookupResourcesReturnsExactlyTheReadableProjects() {
    ObjectRef group = group("g");
    ObjectRef namespace = userNamespace("ns");
    ObjectRef owned = project("owned");
    ObjectRef viewed = project("viewed");
    ObjectRef viaGroup = project("via-group");
    ObjectRef viaNamespace = project("via-namespace");
    ObjectRef publicOfOther = project("public-of-other");
    ObjectRef privateOfOther = project("private-of-other");
    ObjectRef otherGroupProject = project("other-group");
    write(
        rel(owned, "owner", user("me")),
        rel(viewed, "viewer", user("me")),
        rel(group, "viewer", user("me")),
        rel(viaGroup, "project_namespace", SubjectRef.of(group)),
        rel(namespace, "owner", user("me")),
        rel(viaNamespace, "project_namespace", SubjectRef.of(namespace)),
        rel(publicOfOther, "owner", user("other")),
        rel(publicOfOther, "public_viewer", SubjectRef.allUsers()),
        rel(privateOfOther, "owner", user("other")),
        rel(otherGroupProject, "project_namespace", SubjectRef.of(group("other"))));

    assertThat(authz.lookupResources("project", "read", user("me")))
        .containsExactlyInAnyOrder(
            owned.id(), viewed.id(), viaGroup.id(), viaNamespace.id(), publicOfOther.id());
    assertThat(authz.lookupResources("project", "write", user("me")))
        .containsExactlyInAnyOrder(owned.id(), viaNamespace.id());
    assertThat(authz.lookupResources("project", "read", user("nobody")))
        .containsExactly(publicOfOther.id());
    assertThat(authz.lookupResources("project", "read", SubjectRef.anonymous())).isEmpty();
  }

  // --- data connectors and resource pools ----------------------------------------------------

  @Test
  void dataConnectorInAProjectFollowsTheProject() {
    ObjectRef project = project("p");
    ObjectRef connector = dataConnector("dc");
    write(
        rel(project, "owner", user("owner")),
        rel(project, "viewer", user("viewer")),
        rel(connector, "data_connector_namespace", SubjectRef.of(project)));

    assertPermissions(
        user("owner"), connector, Map.of("read", true, "write", true, "delete", true));
    assertPermissions(
        user("viewer"), connector, Map.of("read", true, "write", false, "delete", false));
    assertPermissions(user("stranger"), connector, Map.of("read", false));
  }

  @Test
  void dataConnectorsOfUsersAndGroupsAsTheDataServiceWritesThem() {
    // The relationships DataConnectorService writes: the owning namespace, the platform, and
    // public_viewer for public connectors.
    ObjectRef platform = platform();
    ObjectRef namespace = userNamespace("ns");
    ObjectRef group = group("g");
    ObjectRef mine = dataConnector("mine");
    ObjectRef shared = dataConnector("shared");
    ObjectRef open = dataConnector("open");
    write(
        rel(platform, "admin", user("admin")),
        rel(namespace, "owner", user("me")),
        rel(group, "owner", user("gowner")),
        rel(group, "editor", user("geditor")),
        rel(group, "viewer", user("gviewer")),
        rel(mine, "data_connector_namespace", SubjectRef.of(namespace)),
        rel(mine, "data_connector_platform", SubjectRef.of(platform)),
        rel(shared, "data_connector_namespace", SubjectRef.of(group)),
        rel(shared, "data_connector_platform", SubjectRef.of(platform)),
        rel(open, "data_connector_namespace", SubjectRef.of(namespace)),
        rel(open, "public_viewer", SubjectRef.allUsers()),
        rel(open, "public_viewer", SubjectRef.allAnonymousUsers()));

    assertPermissions(user("me"), mine, Map.of("read", true, "write", true, "delete", true));
    assertPermissions(user("other"), mine, Map.of("read", false, "write", false));
    assertPermissions(SubjectRef.anonymous(), mine, Map.of("read", false));
    assertPermissions(user("admin"), mine, Map.of("read", true, "delete", true));
    assertPermissions(user("gowner"), shared, Map.of("read", true, "write", true, "delete", true));
    // group members read the group's connectors; only the group's owners change them
    assertPermissions(user("geditor"), shared, Map.of("read", true, "write", false));
    assertPermissions(user("gviewer"), shared, Map.of("read", true, "write", false));
    assertPermissions(user("other"), shared, Map.of("read", false));
    assertPermissions(user("other"), open, Map.of("read", true, "write", false));
    assertPermissions(SubjectRef.anonymous(), open, Map.of("read", true, "write", false));
    assertPermissions(user("me"), open, Map.of("non_public_read", false, "delete", true));
  }

  @Test
  void resourcePoolReadViaGroupMembershipUnlessProhibited() {
    ObjectRef platform = platform();
    ObjectRef group = group("g");
    ObjectRef pool = resourcePool("pool");
    write(
        rel(platform, "admin", user("admin")),
        rel(pool, "resource_pool_platform", SubjectRef.of(platform)),
        rel(pool, "group_viewer", SubjectRef.of(group)),
        rel(pool, "prohibited", user("banned")),
        rel(pool, "prohibited", user("admin")),
        rel(group, "owner", user("owner")),
        rel(group, "editor", user("editor")),
        rel(group, "viewer", user("viewer")),
        rel(group, "viewer", user("banned")));

    for (String member : List.of("owner", "editor", "viewer")) {
      assertThat(authz.check(user(member), pool, "read")).as(member).isTrue();
      assertThat(authz.check(user(member), pool, "write")).as(member).isFalse();
    }
    assertThat(authz.check(user("banned"), pool, "read")).isFalse();
    assertThat(authz.check(user("stranger"), pool, "read")).isFalse();
    assertThat(authz.check(SubjectRef.anonymous(), pool, "read")).isFalse();
    // Prohibition does not apply to platform admins: "+ is_admin" is outside the exclusion.
    assertThat(authz.check(user("admin"), pool, "read")).isTrue();
    assertThat(authz.check(user("admin"), pool, "write")).isTrue();
  }

  @Test
  void resourcePoolViaProjectNeedsDirectProjectMembership() {
    ObjectRef namespace = userNamespace("ns");
    ObjectRef project = project("p");
    ObjectRef pool = resourcePool("pool");
    ObjectRef publicPool = resourcePool("public");
    write(
        rel(pool, "project_viewer", SubjectRef.of(project)),
        rel(project, "viewer", user("member")),
        rel(project, "project_namespace", SubjectRef.of(namespace)),
        rel(namespace, "owner", user("namespace-owner")),
        rel(publicPool, "public_viewer", SubjectRef.allUsers()),
        rel(publicPool, "public_viewer", SubjectRef.allAnonymousUsers()),
        rel(publicPool, "prohibited", user("banned")));

    assertThat(authz.check(user("member"), pool, "read")).isTrue();
    assertThat(authz.check(user("namespace-owner"), pool, "read")).isFalse();
    assertThat(authz.check(user("anyone"), publicPool, "read")).isTrue();
    assertThat(authz.check(SubjectRef.anonymous(), publicPool, "read")).isTrue();
    assertThat(authz.check(user("banned"), publicPool, "read")).isFalse();
  }

  // --- API mechanics -------------------------------------------------------------------------

  @Test
  void checkBulkAnswersEveryResourceInOrder() {
    ObjectRef readable = project("readable");
    ObjectRef hidden = project("hidden");
    ObjectRef publicProject = project("public");
    write(
        rel(readable, "viewer", user("me")),
        rel(hidden, "owner", user("other")),
        rel(publicProject, "public_viewer", SubjectRef.allUsers()));

    Map<ObjectRef, Boolean> answers =
        authz.checkBulk(user("me"), List.of(hidden, readable, publicProject, readable), "read");

    assertThat(answers.keySet()).containsExactly(hidden, readable, publicProject);
    assertThat(answers).containsEntry(hidden, false);
    assertThat(answers).containsEntry(readable, true);
    assertThat(answers).containsEntry(publicProject, true);
    assertThat(authz.checkBulk(user("me"), List.of(), "read")).isEmpty();
  }

  @Test
  void checkBulkSplitsLargeRequests() {
    List<ObjectRef> projects =
        IntStream.range(0, 2_500).mapToObj(i -> project("bulk" + i)).toList();
    List<RelationshipUpdate> updates = new ArrayList<>();
    for (int i = 0; i < projects.size(); i += 2) {
      updates.add(touch(rel(projects.get(i), "viewer", user("me"))));
    }
    authz.write(updates);

    Map<ObjectRef, Boolean> answers = authz.checkBulk(user("me"), projects, "read");

    assertThat(answers).hasSize(2_500);
    for (int i = 0; i < projects.size(); i++) {
      assertThat(answers.get(projects.get(i))).as(projects.get(i).id()).isEqualTo(i % 2 == 0);
    }
  }

  @Test
  void readRelationshipsByFilter() {
    ObjectRef p1 = project("p1");
    ObjectRef p2 = project("p2");
    ObjectRef group = group("g");
    Relationship p1Owner = rel(p1, "owner", user("a"));
    Relationship p1Viewer = rel(p1, "viewer", user("b"));
    Relationship p1Public = rel(p1, "public_viewer", SubjectRef.allUsers());
    Relationship p1Namespace = rel(p1, "project_namespace", SubjectRef.of(group));
    Relationship p2Owner = rel(p2, "owner", user("b"));
    Relationship groupOwner = rel(group, "owner", user("a"));
    write(p1Owner, p1Viewer, p1Public, p1Namespace, p2Owner, groupOwner);

    assertThat(authz.readRelationships(RelationshipFilter.ofType("project")))
        .containsExactlyInAnyOrder(p1Owner, p1Viewer, p1Public, p1Namespace, p2Owner);
    assertThat(authz.readRelationships(RelationshipFilter.of(p1)))
        .containsExactlyInAnyOrder(p1Owner, p1Viewer, p1Public, p1Namespace);
    assertThat(authz.readRelationships(RelationshipFilter.ofType("project").withRelation("owner")))
        .containsExactlyInAnyOrder(p1Owner, p2Owner);
    assertThat(authz.readRelationships(RelationshipFilter.ofType("project").withSubject(user("b"))))
        .containsExactlyInAnyOrder(p1Viewer, p2Owner);
    assertThat(
            authz.readRelationships(
                RelationshipFilter.ofType("project").withSubject(SubjectRef.allUsers())))
        .containsExactly(p1Public);
    assertThat(
            authz.readRelationships(RelationshipFilter.ofType("project").withSubjectType("group")))
        .containsExactly(p1Namespace);
    assertThat(authz.readRelationships(RelationshipFilter.of(project("none")))).isEmpty();
  }

  @Test
  void subjectRelationTheSchemaDoesNotAllowIsIllegalArgument() {
    // The Renku schema has no userset relations (group:g#viewer), so SpiceDB must reject one.
    Relationship userset = rel(project("p"), "viewer", SubjectRef.of(group("g"), "viewer"));

    assertThatThrownBy(() -> authz.write(List.of(touch(userset))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void touchIsIdempotent() {
    Relationship owner = rel(project("p"), "owner", user("a"));

    authz.write(List.of(touch(owner)));
    authz.write(List.of(touch(owner), touch(owner)));

    assertThat(authz.readRelationships(RelationshipFilter.of(project("p")))).containsExactly(owner);
  }

  @Test
  void deleteRemovesTheRelationshipAndIsIdempotent() {
    Relationship owner = rel(project("p"), "owner", user("a"));
    Relationship viewer = rel(project("p"), "viewer", user("b"));
    write(owner, viewer);

    authz.write(List.of(delete(viewer)));
    authz.write(List.of(delete(viewer)));

    assertThat(authz.readRelationships(RelationshipFilter.of(project("p")))).containsExactly(owner);
    assertThat(authz.check(user("b"), project("p"), "read")).isFalse();
  }

  @Test
  void touchAndDeleteOfTheSameRelationshipInOneWriteIsRejected() {
    Relationship owner = rel(project("p"), "owner", user("a"));

    assertThatThrownBy(() -> authz.write(List.of(touch(owner), delete(owner))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void largeWritesAndDeletesAreBatched() {
    ObjectRef project = project("big");
    List<RelationshipUpdate> updates =
        IntStream.range(0, 2_345)
            .mapToObj(i -> touch(rel(project, "viewer", user("u" + i))))
            .toList();

    authz.write(updates);
    assertThat(authz.readRelationships(RelationshipFilter.of(project))).hasSize(2_345);
    assertThat(authz.check(user("u2344"), project, "read")).isTrue();

    authz.deleteAll(RelationshipFilter.of(project));
    assertThat(authz.readRelationships(RelationshipFilter.of(project))).isEmpty();
  }

  @Test
  void deleteAllByFilterRemovesOnlyMatches() {
    ObjectRef p1 = project("p1");
    ObjectRef p2 = project("p2");
    Relationship p1Owner = rel(p1, "owner", user("a"));
    Relationship p1Viewer = rel(p1, "viewer", user("b"));
    Relationship p1Public = rel(p1, "public_viewer", SubjectRef.allUsers());
    Relationship p2Viewer = rel(p2, "viewer", user("b"));
    write(p1Owner, p1Viewer, p1Public, p2Viewer);

    authz.deleteAll(RelationshipFilter.ofType("project").withSubject(user("b")));
    assertThat(authz.readRelationships(RelationshipFilter.ofType("project")))
        .containsExactlyInAnyOrder(p1Owner, p1Public);

    authz.deleteAll(RelationshipFilter.of(p1).withRelation("public_viewer"));
    assertThat(authz.readRelationships(RelationshipFilter.ofType("project")))
        .containsExactly(p1Owner);

    authz.deleteAll(RelationshipFilter.of(project("nothing-here")));
  }

  @Test
  void unknownPermissionOrTypeIsIllegalArgument() {
    ObjectRef project = project("p");
    write(rel(project, "owner", user("a")));

    assertThatThrownBy(() -> authz.check(user("a"), project, "no_such_permission"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authz.check(user("a"), project, "Not-A-Name"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authz.check(user("a"), ObjectRef.of("no_such_type", "x"), "read"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authz.lookupResources("project", "no_such_permission", user("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authz.check(SubjectRef.allUsers(), project, "read"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subjectTypeNotAllowedOnARelationIsIllegalArgument() {
    // project#owner allows only user, not anonymous_user.
    assertThatThrownBy(
            () -> authz.write(List.of(touch(rel(project("p"), "owner", SubjectRef.anonymous())))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void schemaIsReadBackAndAnInvalidOneIsRejected() {
    assertThat(authz.readSchema())
        .contains(
            "definition user",
            "definition anonymous_user",
            "definition platform",
            "definition group",
            "definition user_namespace",
            "definition project",
            "definition data_connector",
            "definition resource_pool");

    assertThatThrownBy(() -> authz.writeSchema("definition broken {"))
        .isInstanceOf(IllegalArgumentException.class);
    // The failed write left the schema in place.
    assertThat(authz.readSchema()).contains("definition resource_pool");
  }

  // --- readable sets -----------------------------------------------------------------------

  /**
   * On a graph that uses every definition, relation kind (direct, wildcard, arrow, exclusion) and
   * the platform admin, the readable set of every permission (and every relation the subject's type
   * may hold) of every type, for users in every role and for anonymous visitors, is exactly what
   * checks and {@link Authorizer#lookupResources} say.
   */
  @Test
  void readableSetOfEveryPermissionIsWhatChecksSay() {
    ObjectRef platform = platform();
    ObjectRef alicesNs = userNamespace("alice");
    ObjectRef bobsNs = userNamespace("bob");
    ObjectRef team = group("team");
    ObjectRef other = group("other");
    ObjectRef inTeam = project("in-team");
    ObjectRef ofAlice = project("of-alice");
    ObjectRef publicOfBob = project("public-of-bob");
    ObjectRef dcInProject = dataConnector("dc-project");
    ObjectRef dcInGroup = dataConnector("dc-group");
    ObjectRef dcPublic = dataConnector("dc-public");
    ObjectRef poolByGroup = resourcePool("by-group");
    ObjectRef poolByProject = resourcePool("by-project");
    ObjectRef poolPublic = resourcePool("public");
    List<Relationship> graph = new ArrayList<>();
    graph.add(rel(platform, "admin", user("admin")));
    graph.add(rel(platform, "project_creator", SubjectRef.allUsers()));
    for (ObjectRef ns : List.of(alicesNs, bobsNs, team, other)) {
      graph.add(rel(ns, ns.type() + "_platform", SubjectRef.of(platform)));
      graph.add(rel(ns, "public_viewer", SubjectRef.allUsers()));
      graph.add(rel(ns, "public_viewer", SubjectRef.allAnonymousUsers()));
    }
    graph.add(rel(alicesNs, "owner", user("alice")));
    graph.add(rel(bobsNs, "owner", user("bob")));
    graph.add(rel(team, "owner", user("alice")));
    graph.add(rel(team, "editor", user("editor")));
    graph.add(rel(team, "viewer", user("viewer")));
    graph.add(rel(other, "owner", user("bob")));
    graph.add(rel(other, "viewer", user("alice")));
    graph.add(rel(inTeam, "project_namespace", SubjectRef.of(team)));
    graph.add(rel(ofAlice, "project_namespace", SubjectRef.of(alicesNs)));
    graph.add(rel(publicOfBob, "project_namespace", SubjectRef.of(bobsNs)));
    for (ObjectRef p : List.of(inTeam, ofAlice, publicOfBob)) {
      graph.add(rel(p, "project_platform", SubjectRef.of(platform)));
    }
    graph.add(rel(inTeam, "viewer", user("bob")));
    graph.add(rel(ofAlice, "editor", user("viewer")));
    graph.add(rel(publicOfBob, "owner", user("bob")));
    graph.add(rel(publicOfBob, "public_viewer", SubjectRef.allUsers()));
    graph.add(rel(publicOfBob, "public_viewer", SubjectRef.allAnonymousUsers()));
    graph.add(rel(dcInProject, "data_connector_namespace", SubjectRef.of(inTeam)));
    graph.add(rel(dcInGroup, "data_connector_namespace", SubjectRef.of(other)));
    graph.add(rel(dcPublic, "data_connector_namespace", SubjectRef.of(bobsNs)));
    graph.add(rel(dcPublic, "public_viewer", SubjectRef.allUsers()));
    graph.add(rel(dcPublic, "public_viewer", SubjectRef.allAnonymousUsers()));
    graph.add(rel(dcInGroup, "editor", user("editor")));
    for (ObjectRef dc : List.of(dcInProject, dcInGroup, dcPublic)) {
      graph.add(rel(dc, "data_connector_platform", SubjectRef.of(platform)));
    }
    graph.add(rel(poolByGroup, "group_viewer", SubjectRef.of(team)));
    graph.add(rel(poolByGroup, "prohibited", user("viewer")));
    graph.add(rel(poolByProject, "project_viewer", SubjectRef.of(inTeam)));
    graph.add(rel(poolByProject, "viewer", user("stranger")));
    graph.add(rel(poolPublic, "public_viewer", SubjectRef.allUsers()));
    graph.add(rel(poolPublic, "prohibited", user("bob")));
    for (ObjectRef pool : List.of(poolByGroup, poolByProject, poolPublic)) {
      graph.add(rel(pool, "resource_pool_platform", SubjectRef.of(platform)));
    }
    write(graph.toArray(Relationship[]::new));
    Map<String, List<ObjectRef>> byType = new LinkedHashMap<>();
    for (Relationship r : graph) {
      byType.computeIfAbsent(r.resource().type(), t -> new ArrayList<>());
      if (!byType.get(r.resource().type()).contains(r.resource())) {
        byType.get(r.resource().type()).add(r.resource());
      }
    }
    List<SubjectRef> subjects = new ArrayList<>();
    for (String name : List.of("admin", "alice", "bob", "editor", "viewer", "stranger")) {
      subjects.add(user(name));
    }
    subjects.add(SubjectRef.anonymous());

    int compared = 0;
    for (var type : byType.entrySet()) {
      for (SubjectRef subject : subjects) {
        for (String name : namesFor(type.getKey(), subject.type())) {
          Set<String> expected = new HashSet<>();
          authz
              .checkBulk(subject, type.getValue(), name)
              .forEach(
                  (resource, allowed) -> {
                    if (allowed) {
                      expected.add(resource.id());
                    }
                  });
          Set<String> ours = new HashSet<>();
          type.getValue().forEach(o -> ours.add(o.id()));
          Set<String> actual = members(authz.readableSet(type.getKey(), name, subject));
          actual.retainAll(ours);
          Set<String> lookedUp = new HashSet<>(authz.lookupResources(type.getKey(), name, subject));
          lookedUp.retainAll(ours);
          assertThat(actual).as("%s#%s for %s", type.getKey(), name, subject).isEqualTo(expected);
          assertThat(lookedUp)
              .as("lookup %s#%s for %s", type.getKey(), name, subject)
              .isEqualTo(expected);
          compared++;
        }
      }
    }
    // The graph really exercises the rules: admins, arrows, exclusions and wildcards all answer.
    assertThat(compared).isGreaterThan(200);
    assertThat(members(authz.readableSet("project", "read", user("admin"))))
        .contains(inTeam.id(), ofAlice.id(), publicOfBob.id());
    assertThat(members(authz.readableSet("project", "non_public_read", user("alice"))))
        .contains(inTeam.id(), ofAlice.id())
        .doesNotContain(publicOfBob.id());
    assertThat(members(authz.readableSet("resource_pool", "read", user("viewer"))))
        .contains(poolPublic.id())
        .doesNotContain(poolByGroup.id());
    assertThat(members(authz.readableSet("data_connector", "read", SubjectRef.anonymous())))
        .containsExactly(dcPublic.id());
  }

  @Test
  void readableSetFollowsMembershipChanges() {
    ObjectRef team = group("team");
    ObjectRef p = project("p");
    write(rel(team, "viewer", user("u")), rel(p, "project_namespace", SubjectRef.of(team)));
    assertThat(members(authz.readableSet("project", "read", user("u")))).contains(p.id());

    authz.write(List.of(delete(rel(team, "viewer", user("u")))));
    assertThat(members(authz.readableSet("project", "read", user("u")))).doesNotContain(p.id());
  }

  @Test
  void readableSetOfAnUnknownPermissionOrTypeIsIllegalArgument() {
    assertThatThrownBy(() -> authz.readableSet("project", "fly", user("u")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authz.readableSet("spaceship", "read", user("u")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The permissions of {@code type} in the Renku schema, and its relations that allow subjects of
   * {@code subjectType} (asking for a relation the subject type can never hold is not meaningful).
   */
  private static List<String> namesFor(String type, String subjectType) {
    Matcher def =
        Pattern.compile("definition " + type + " \\{(.*?)\\n}", Pattern.DOTALL)
            .matcher(RenkuSchema.text());
    if (!def.find()) {
      throw new AssertionError("no definition " + type);
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher m =
        Pattern.compile("(relation|permission)\\s+(\\w+)\\s*[:=]([^\\n]*)").matcher(def.group(1));
    while (m.find()) {
      boolean allowsSubject =
          Pattern.compile("\\b" + subjectType + "\\b(?![#_])").matcher(m.group(3)).find();
      if (m.group(1).equals("permission") || allowsSubject) {
        names.add(m.group(2));
      }
    }
    return List.copyOf(names);
  }

  // --- helpers -------------------------------------------------------------------------------

  private void assertPermissions(
      SubjectRef subject, ObjectRef resource, Map<String, Boolean> expected) {
    expected.forEach(
        (permission, allowed) ->
            assertThat(authz.check(subject, resource, permission))
                .as("%s %s %s", subject, permission, resource)
                .isEqualTo(allowed));
  }

  private void write(Relationship... relationships) {
    authz.write(List.of(relationships).stream().map(RelationshipUpdate::touch).toList());
  }

  protected static Relationship rel(ObjectRef resource, String relation, SubjectRef subject) {
    return Relationship.of(resource, relation, subject);
  }

  /** A test-unique id, so tests never see each other's data even on a shared backend. */
  protected String id(String name) {
    return name + "-" + suffix;
  }

  protected SubjectRef user(String name) {
    return SubjectRef.user(id(name));
  }

  protected ObjectRef project(String name) {
    return ObjectRef.of("project", id(name));
  }

  protected ObjectRef group(String name) {
    return ObjectRef.of("group", id(name));
  }

  protected ObjectRef userNamespace(String name) {
    return ObjectRef.of("user_namespace", id(name));
  }

  protected ObjectRef dataConnector(String name) {
    return ObjectRef.of("data_connector", id(name));
  }

  protected ObjectRef resourcePool(String name) {
    return ObjectRef.of("resource_pool", id(name));
  }

  /** A test-unique platform object; production always uses {@link RenkuSchema#PLATFORM}. */
  protected ObjectRef platform() {
    return ObjectRef.of("platform", id("renku"));
  }
}

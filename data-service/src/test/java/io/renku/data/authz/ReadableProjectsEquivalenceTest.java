package io.renku.data.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.authz.Authorizer;
import io.renku.authz.ResourceSet;
import io.renku.authz.SubjectRef;
import io.renku.authz.postgres.Authz;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL that lists the private projects a user can read (the schema's {@code
 * project#read_children} compiled by the authorization module) must agree with SpiceDB's {@code
 * project#non_public_read} on whatever graph of users, groups, memberships and visibilities the API
 * can produce. Builds a random one through the API and compares both answers for every user.
 */
class ReadableProjectsEquivalenceTest extends ApiTest {
  @Autowired Authz authz;
  @Autowired JdbcClient jdbc;
  @Autowired Authorizer authorizer;

  @Test
  void sqlLookupAgreesWithSpiceDb() {
    Random random = new Random(42);
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<TestUser> users = new ArrayList<>();
    List<String> usernames = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TestUser u = TestUser.random("eq" + i);
      users.add(u);
      usernames.add(api.as(u).get("user").field("username"));
    }
    // Groups owned by random users, with random members.
    List<String> groups = new ArrayList<>();
    for (int g = 0; g < 4; g++) {
      TestUser owner = users.get(random.nextInt(users.size()));
      String slug = "eq-" + run + "-g" + g;
      assertThat(api.as(owner).post("groups", Map.of("name", "G" + g, "slug", slug)).status())
          .isEqualTo(201);
      groups.add(slug);
      List<Map<String, String>> members = new ArrayList<>();
      for (TestUser u : users) {
        if (u != owner && random.nextInt(3) == 0) {
          members.add(
              Map.of(
                  "id",
                  u.id(),
                  "role",
                  List.of("viewer", "editor", "owner").get(random.nextInt(3))));
        }
      }
      if (!members.isEmpty()) {
        assertThat(api.as(owner).patch("groups/" + slug + "/members", members).status())
            .isEqualTo(200);
      }
    }
    // Projects in user namespaces and groups, with random visibility and members.
    Set<String> created = new HashSet<>();
    for (int p = 0; p < 30; p++) {
      int creatorIndex = random.nextInt(users.size());
      TestUser creator = users.get(creatorIndex);
      Api as = api.as(creator);
      String namespace = usernames.get(creatorIndex);
      if (random.nextBoolean()) {
        // Try a group; only works where the creator may write, which is part of what we test.
        String g = groups.get(random.nextInt(groups.size()));
        if (as.get("groups/" + g + "/permissions").json().path("write").asBoolean()) {
          namespace = g;
        }
      }
      var r =
          as.post(
              "projects",
              Map.of(
                  "name",
                  "P" + p,
                  "namespace",
                  namespace,
                  "visibility",
                  random.nextInt(4) == 0 ? "public" : "private"));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      String id = r.field("id");
      created.add(id);
      for (TestUser u : users) {
        if (u != creator && random.nextInt(6) == 0) {
          as.patch(
              "projects/" + id + "/members",
              List.of(
                  Map.of(
                      "id",
                      u.id(),
                      "role",
                      List.of("viewer", "editor", "owner").get(random.nextInt(3)))));
        }
      }
    }
    for (TestUser u : users) {
      // What a project listing joins with: the compiled read_children, private projects only.
      ResourceSet.Query readable =
          authz.readable(SubjectRef.user(u.id()), "project", "read_children");
      Set<String> fromSql =
          new HashSet<>(
              jdbc.sql(
                      "SELECT id FROM projects.projects WHERE visibility = 'private' AND id IN ("
                          + readable.select()
                          + ")")
                  .params(readable.params())
                  .query(String.class)
                  .list());
      fromSql.retainAll(created);
      Set<String> fromSpiceDb =
          new HashSet<>(
              authorizer.lookupResources("project", "non_public_read", SubjectRef.user(u.id())));
      fromSpiceDb.retainAll(created);
      assertThat(fromSql).as("private projects readable by %s", u.email()).isEqualTo(fromSpiceDb);
    }
  }
}

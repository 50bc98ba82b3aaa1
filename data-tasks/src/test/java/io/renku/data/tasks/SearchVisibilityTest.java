package io.renku.data.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.authz.ObjectRef;
import io.renku.authz.RenkuSchema;
import io.renku.authz.SubjectRef;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.authz.postgres.RelationalAuthorizer;
import io.renku.authz.postgres.RelationshipStore;
import io.renku.core.Role;
import io.renku.search.builder.Caller;
import io.renku.search.builder.PageRequest;
import io.renku.search.builder.SearchQueries;
import io.renku.search.builder.SearchResult;
import io.renku.search.query.QueryParser;
import io.renku.search.solr.SolrClients;
import io.renku.search.solr.SolrIndex;
import io.renku.search.solr.SolrSchema;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Randomized: in random worlds of users, groups, projects and data connectors (random visibilities
 * and memberships, written with the platform's relationships and outbox rows, indexed by the outbox
 * drainer), no search hit is ever something the caller may not read, and every entity the caller
 * may read is found by the empty query, both as the real {@link RelationalAuthorizer} evaluates the
 * schema over {@code authz.relationships}. Then random changes (members removed, roles changed,
 * visibilities flipped, projects and groups deleted) are drained and checked again, and once more
 * after a reprovisioning.
 *
 * <p>Each repetition's seed is printed and is in every failure message; {@code
 * -Drenku.visibility.seed=N} replays the run whose first repetition had seed N+1.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SearchVisibilityTest {
  private static final long BASE_SEED =
      Long.getLong("renku.visibility.seed", new SecureRandom().nextLong() >>> 8);
  private static final int PER_PAGE = 7;
  private static final SubjectRef ANONYMOUS = new SubjectRef("anonymous_user", "anonymous", null);

  static SolrClient solr;
  static SolrIndex index;
  static DataSource db;
  static JdbcClient jdbc;
  static TransactionTemplate tx;
  static RelationalAuthorizer authorizer;
  static SearchQueries queries;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.get().dataSource();
    solr = SolrClients.embedded(Files.createTempDirectory("renku-visibility-solr"), "search");
    SolrSchema.apply(solr);
    index = new SolrIndex(solr, Duration.ofMillis(200));
    jdbc = JdbcClient.create(db);
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(db);
    tx = new TransactionTemplate(transactions);
    authorizer = new RelationalAuthorizer(jdbc, transactions);
    authorizer.writeSchema(RenkuSchema.text());
    queries = new SearchQueries(solr, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  @RepeatedTest(value = 3, name = "random world {currentRepetition} of {totalRepetitions}")
  void noHitIsUnreadableAndEveryReadableEntityIsFound(RepetitionInfo repetition) throws Exception {
    long seed = BASE_SEED + repetition.getCurrentRepetition();
    System.out.println("SearchVisibilityTest seed " + seed);
    TestDatabase.get()
        .execute(
            "TRUNCATE search.outbox, authz.relationships, authz.pending, users.users,"
                + " common.groups, common.namespaces, projects.projects, storage.data_connectors"
                + " CASCADE");
    solr.deleteByQuery("_type:*");
    index.commit();

    VisibilityWorld world = new VisibilityWorld(new Random(seed), jdbc, tx);
    try {
      world.build();
      drain();
      check(world, "after creation");
      for (int round = 1; round <= 2; round++) {
        world.change(4 + world.random().nextInt(5));
        drain();
        check(world, "after changes " + round);
      }
      new Reprovision(db, index, new EntityReader(), 50).run();
      index.commit();
      check(world, "after reprovisioning");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "seed "
              + seed
              + " (replay: -Drenku.visibility.seed="
              + (BASE_SEED)
              + "); world:\n  "
              + String.join("\n  ", world.history)
              + "\n"
              + e.getMessage(),
          e);
    }
  }

  /**
   * The case the random worlds found: the data service records a membership change of a group (or
   * project) as an upsert of the group (or project) only, yet its members are also in the member
   * fields of the projects and connectors under it. Without re-rendering those, a removed member
   * kept finding them, and an added one did not find them.
   */
  @Test
  void aMembershipChangeOfAGroupOrProjectReachesWhatLiesUnderIt() throws Exception {
    TestDatabase.get()
        .execute(
            "TRUNCATE search.outbox, authz.relationships, authz.pending, users.users,"
                + " common.groups, common.namespaces, projects.projects, storage.data_connectors"
                + " CASCADE");
    solr.deleteByQuery("_type:*");
    index.commit();
    Fixtures data = new Fixtures(db);
    RelationshipStore store = new RelationshipStore(jdbc, false);
    String alice = data.user("alice", "Alice", null);
    String bob = data.user("bob", "Bob", null);
    String carol = data.user("carol", "Carol", null);
    String lab = data.group("lab", "Lab", alice);
    String project = data.project("lab", "atlas", "private", alice);
    String inProject = data.connector(null, project, "raw", alice);
    String inGroup = data.connector("lab", null, "shared", alice);
    ObjectRef labRef = PlatformRelations.group(lab);
    ObjectRef projectRef = PlatformRelations.project(project);
    tx.executeWithoutResult(
        s -> {
          store.apply(
              List.of(
                  PlatformRelations.touch(
                      projectRef, "project_namespace", new SubjectRef("group", lab, null)),
                  PlatformRelations.touch(
                      VisibilityWorld.connector(inProject),
                      "data_connector_namespace",
                      new SubjectRef("project", project, null)),
                  PlatformRelations.touch(
                      VisibilityWorld.connector(inGroup),
                      "data_connector_namespace",
                      new SubjectRef("group", lab, null))));
          store.apply(PlatformRelations.setRole(labRef, bob, Role.VIEWER));
          store.apply(PlatformRelations.setRole(projectRef, carol, Role.VIEWER));
        });
    for (String[] row :
        List.of(
            new String[] {"group", lab},
            new String[] {"project", project},
            new String[] {"data_connector", inProject},
            new String[] {"data_connector", inGroup})) {
      data.outbox(row[0], row[1], "upsert");
    }
    drain();
    Set<String> underLab = Set.of(project, inProject, inGroup);
    assertThat(allHits("", Caller.user(bob))).containsAll(underLab);
    assertThat(allHits("", Caller.user(carol)))
        .contains(project, inProject)
        .doesNotContain(inGroup);

    // bob leaves the group, carol the project: each change writes one upsert, as the services do
    tx.executeWithoutResult(
        s -> {
          store.apply(PlatformRelations.removeMember(labRef, bob));
          store.apply(PlatformRelations.removeMember(projectRef, carol));
        });
    data.outbox("group", lab, "upsert");
    data.outbox("project", project, "upsert");
    drain();

    assertThat(readable(PlatformRelations.user(bob), entities()))
        .doesNotContainAnyElementsOf(underLab);
    assertThat(allHits("", Caller.user(bob))).doesNotContainAnyElementsOf(underLab);
    assertThat(allHits("", Caller.user(carol))).doesNotContainAnyElementsOf(underLab);

    // and an added member finds them at once
    tx.executeWithoutResult(
        s -> store.apply(PlatformRelations.setRole(labRef, carol, Role.EDITOR)));
    data.outbox("group", lab, "upsert");
    drain();
    assertThat(allHits("", Caller.user(carol))).containsAll(underLab);
  }

  /** Drains the whole outbox as the indexer would, and makes it searchable. */
  private static void drain() throws Exception {
    // ahead of the database's clock, so that every row just written is due
    OutboxDrainer drainer =
        new OutboxDrainer(
            db,
            index,
            new EntityReader(),
            Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5)),
            37);
    for (int i = 0; i < 1000 && drainer.drainOnce() > 0; i++) {
      // until nothing is due
    }
    assertThat(jdbc.sql("SELECT count(*) FROM search.outbox").query(Long.class).single())
        .as("outbox rows left")
        .isZero();
    index.commit();
  }

  private record Who(String label, Caller caller, SubjectRef subject) {}

  private static void check(VisibilityWorld world, String phase) throws Exception {
    Map<String, String> kinds = entities();
    List<Who> callers = new ArrayList<>();
    callers.add(new Who("anonymous", Caller.anonymous(), ANONYMOUS));
    for (VisibilityWorld.User u : world.users) {
      callers.add(new Who(u.slug(), Caller.user(u.id()), PlatformRelations.user(u.id())));
    }
    callers.add(
        new Who(
            "admin " + world.admin.slug(),
            Caller.admin(world.admin.id()),
            PlatformRelations.user(world.admin.id())));
    Random random = world.random();
    // subject and permission to what has it, asked once per check
    Map<String, Set<String>> memberships = new HashMap<>();
    for (Who who : callers) {
      Set<String> readable = readable(who.subject(), kinds);
      List<String> texts = new ArrayList<>();
      texts.add("");
      texts.add("type:project");
      texts.add("type:dataconnector,group visibility:private");
      texts.add("visibility:private");
      texts.add("role:viewer");
      texts.add("role:owner,editor");
      VisibilityWorld.User someone = world.users.get(random.nextInt(world.users.size()));
      String inherited = "inherited_member:@" + someone.slug();
      String direct = "direct_member:@" + someone.slug();
      texts.add(inherited);
      texts.add(direct);
      if (!world.groups.isEmpty()) {
        texts.add("namespace:" + world.groups.get(random.nextInt(world.groups.size())).slug());
      }
      texts.add(List.of("alpha", "river", "genome", "climate").get(random.nextInt(4)));
      texts.add("sort:name-asc atlas");
      for (String text : texts) {
        Set<String> hits = allHits(text, who.caller());
        Set<String> unreadable = new TreeSet<>(hits);
        unreadable.removeAll(readable);
        assertThat(unreadable)
            .as(
                "%s: %s searching '%s' finds what the authorizer does not let them read: %s",
                phase, who.label(), text, labels(world, unreadable))
            .isEmpty();
        if (text.startsWith("role:")) {
          // the caller's own roles: the entity's own owner/editor/viewer relationships
          Set<String> notMember = new TreeSet<>(hits);
          notMember.removeAll(
              memberships.computeIfAbsent(
                  who.subject() + " direct_member",
                  k -> having(who.subject(), "direct_member", kinds)));
          assertThat(notMember)
              .as(
                  "%s: %s searching '%s' finds what they are no direct member of: %s",
                  phase, who.label(), text, labels(world, notMember))
              .isEmpty();
        }
        if (text.equals(direct) || text.equals(inherited)) {
          // what that user is a member of (directly, or also through the namespace), among
          // what the caller may read
          String permission = text.equals(direct) ? "direct_member" : "exclusive_member";
          SubjectRef member = PlatformRelations.user(someone.id());
          Set<String> expected =
              new TreeSet<>(
                  memberships.computeIfAbsent(
                      member + " " + permission, k -> having(member, permission, kinds)));
          expected.retainAll(readable);
          assertThat(hits)
              .as(
                  "%s: %s searching '%s' finds %s, the authorizer says %s",
                  phase, who.label(), text, labels(world, hits), labels(world, expected))
              .isEqualTo(expected);
        }
        if (text.isEmpty()) {
          Set<String> missing = new TreeSet<>(readable);
          missing.removeAll(hits);
          assertThat(missing)
              .as(
                  "%s: %s searching '' does not find what the authorizer lets them read: %s",
                  phase, who.label(), labels(world, missing))
              .isEmpty();
        }
      }
    }
  }

  private static String labels(VisibilityWorld world, Set<String> ids) {
    return ids.stream().map(world::label).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Every hit of every page of the query; no id twice, as many as the total says. */
  private static Set<String> allHits(String text, Caller caller) throws Exception {
    Set<String> ids = new LinkedHashSet<>();
    long total = -1;
    for (int page = 1; ; page++) {
      SearchResult r =
          queries.search(QueryParser.parse(text), caller, new PageRequest(page, PER_PAGE));
      total = r.pagingInfo().totalResult();
      for (SearchResult.Item item : r.items()) {
        assertThat(ids.add(item.document().id()))
            .as("'%s' page %d repeats %s", text, page, item.document().id())
            .isTrue();
      }
      if (r.items().size() < PER_PAGE || ids.size() >= total) {
        break;
      }
    }
    assertThat((long) ids.size()).as("hits of '%s' against its total", text).isEqualTo(total);
    return ids;
  }

  /** Id to authz type of every user, group, project and connector in the tables. */
  private static Map<String, String> entities() {
    Map<String, String> out = new LinkedHashMap<>();
    jdbc.sql("SELECT id FROM users.users")
        .query(String.class)
        .list()
        .forEach(id -> out.put(id, "user"));
    jdbc.sql("SELECT id FROM common.groups")
        .query(String.class)
        .list()
        .forEach(id -> out.put(id, "group"));
    jdbc.sql("SELECT id FROM projects.projects")
        .query(String.class)
        .list()
        .forEach(id -> out.put(id, "project"));
    jdbc.sql("SELECT id FROM storage.data_connectors")
        .query(String.class)
        .list()
        .forEach(id -> out.put(id, "data_connector"));
    return out;
  }

  /** The groups, projects and connectors on which the subject has {@code permission}. */
  private static Set<String> having(
      SubjectRef subject, String permission, Map<String, String> kinds) {
    List<ObjectRef> resources = new ArrayList<>();
    kinds.forEach(
        (id, type) -> {
          if (!type.equals("user")) {
            resources.add(new ObjectRef(type, id));
          }
        });
    Set<String> out = new TreeSet<>();
    authorizer
        .checkBulk(subject, resources, permission)
        .forEach(
            (resource, allowed) -> {
              if (allowed) {
                out.add(resource.id());
              }
            });
    return out;
  }

  /**
   * What the subject may read, as the authorizer says: every user (user documents are public), and
   * the groups, projects and connectors on which it has the schema's {@code read}.
   */
  private static Set<String> readable(SubjectRef subject, Map<String, String> kinds) {
    Set<String> out = new TreeSet<>();
    List<ObjectRef> resources = new ArrayList<>();
    kinds.forEach(
        (id, type) -> {
          if (type.equals("user")) {
            out.add(id);
          } else {
            resources.add(new ObjectRef(type, id));
          }
        });
    authorizer
        .checkBulk(subject, resources, "read")
        .forEach(
            (resource, allowed) -> {
              if (allowed) {
                out.add(resource.id());
              }
            });
    return out;
  }
}

package io.renku.authz.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.authz.Authorizer;
import io.renku.authz.AuthorizerUnavailableException;
import io.renku.authz.ObjectRef;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipFilter;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.SpiceDbAuthorizer;
import io.renku.authz.SubjectRef;
import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Postgres → SpiceDB mirroring on its own database and its own engines (so it never races the
 * service under test): an empty engine is refilled from the table at start, and changes made while
 * SpiceDB is unreachable stay queued and are applied once it is back.
 */
class AuthzSyncTest {
  private EmbeddedSpiceDb engine;
  private SpiceDbAuthorizer authorizer;
  private JdbcClient jdbc;
  private DataSourceTransactionManager transactions;
  private RelationshipStore store;

  @BeforeEach
  void setUp() throws Exception {
    DataSource ds = TestDatabases.newDatabase("authz_sync");
    jdbc = JdbcClient.create(ds);
    transactions = new DataSourceTransactionManager(ds);
    store = new RelationshipStore(jdbc);
    engine = EmbeddedSpiceDb.start();
    authorizer = SpiceDbAuthorizer.inProcess(engine.inProcessName(), null, null);
  }

  @AfterEach
  void tearDown() {
    authorizer.close();
    engine.close();
  }

  @Test
  void anEmptyEngineIsRefilledFromPostgresAcrossSeveralPages() {
    int projects = 1_300; // 2,600 relationships: three pages of 1,000
    inTransaction(
        () -> {
          List<RelationshipUpdate> updates = new ArrayList<>();
          for (int i = 0; i < projects; i++) {
            ObjectRef p = ObjectRef.of("project", "p" + i);
            updates.add(touch(p, "owner", SubjectRef.user("owner" + (i % 7))));
            updates.add(touch(p, "viewer", SubjectRef.user("reader")));
          }
          updates.add(touch(PlatformRelations.PLATFORM, "admin", SubjectRef.user("boss")));
          store.apply(updates);
        });
    // The queue still lists everything (nothing was flushed): a rebuild covers it.
    new AuthzSync(jdbc, authorizer, transactions).rebuildIfEmpty();

    assertThat(authorizer.check(SubjectRef.user("reader"), ObjectRef.of("project", "p0"), "read"))
        .isTrue();
    assertThat(
            authorizer.check(
                SubjectRef.user("owner" + ((projects - 1) % 7)),
                ObjectRef.of("project", "p" + (projects - 1)),
                "delete"))
        .isTrue();
    assertThat(authorizer.check(SubjectRef.user("stranger"), ObjectRef.of("project", "p5"), "read"))
        .isFalse();
    assertThat(authorizer.readRelationships(RelationshipFilter.ofType("project")))
        .hasSize(projects * 2);
    assertThat(pending()).isZero();

    // A second start finds SpiceDB filled and copies nothing again.
    new AuthzSync(jdbc, authorizer, transactions).rebuildIfEmpty();
    assertThat(authorizer.readRelationships(RelationshipFilter.ofType("project")))
        .hasSize(projects * 2);
  }

  @Test
  void changesMadeWhileSpiceDbIsDownAreAppliedWhenItIsBack() {
    authorizer.writeSchema(io.renku.authz.RenkuSchema.text());
    var outage = new AtomicBoolean(true);
    Authorizer unreachable = new FailingWhile(authorizer, outage);
    AuthzSync sync = new AuthzSync(jdbc, unreachable, transactions);
    ObjectRef project = ObjectRef.of("project", "during-outage");

    inTransaction(() -> store.apply(List.of(touch(project, "owner", SubjectRef.user("alice")))));
    assertThatThrownBy(sync::flush).isInstanceOf(AuthorizerUnavailableException.class);
    sync.retryPending(); // logs and keeps the queue
    assertThat(pending()).isEqualTo(1);
    assertThat(authorizer.check(SubjectRef.user("alice"), project, "delete")).isFalse();

    // A removal queued during the outage too: the sync applies the current state, not history.
    ObjectRef removed = ObjectRef.of("project", "removed-during-outage");
    inTransaction(() -> store.apply(List.of(touch(removed, "owner", SubjectRef.user("bob")))));
    inTransaction(() -> store.apply(List.of(delete(removed, "owner", SubjectRef.user("bob")))));

    // Answers computed meanwhile came from SpiceDB without these changes: once they reach it, the
    // generation moves again, so that cached answers (CheckCache) are dropped.
    long beforeRecovery = store.generation();
    outage.set(false);
    sync.retryPending();
    assertThat(store.generation()).isGreaterThan(beforeRecovery);
    assertThat(pending()).isZero();
    assertThat(authorizer.check(SubjectRef.user("alice"), project, "delete")).isTrue();
    assertThat(authorizer.check(SubjectRef.user("bob"), removed, "delete")).isFalse();
  }

  private long pending() {
    return jdbc.sql("SELECT count(*) FROM authz.pending").query(Long.class).single();
  }

  private void inTransaction(Runnable work) {
    new TransactionTemplate(transactions).executeWithoutResult(s -> work.run());
  }

  private static RelationshipUpdate touch(ObjectRef r, String relation, SubjectRef s) {
    return RelationshipUpdate.touch(Relationship.of(r, relation, s));
  }

  private static RelationshipUpdate delete(ObjectRef r, String relation, SubjectRef s) {
    return RelationshipUpdate.delete(Relationship.of(r, relation, s));
  }

  /** The real engine behind a switch that makes every call fail as an unreachable server does. */
  private record FailingWhile(Authorizer delegate, AtomicBoolean down) implements Authorizer {
    private void gate() {
      if (down.get()) {
        throw new AuthorizerUnavailableException("SpiceDB is down (test)", null);
      }
    }

    @Override
    public boolean check(SubjectRef subject, ObjectRef resource, String permission) {
      gate();
      return delegate.check(subject, resource, permission);
    }

    @Override
    public Map<ObjectRef, Boolean> checkBulk(
        SubjectRef subject, Collection<ObjectRef> resources, String permission) {
      gate();
      return delegate.checkBulk(subject, resources, permission);
    }

    @Override
    public List<String> lookupResources(String type, String permission, SubjectRef subject) {
      gate();
      return delegate.lookupResources(type, permission, subject);
    }

    @Override
    public List<Relationship> readRelationships(RelationshipFilter filter) {
      gate();
      return delegate.readRelationships(filter);
    }

    @Override
    public void write(List<RelationshipUpdate> updates) {
      gate();
      delegate.write(updates);
    }

    @Override
    public void deleteAll(RelationshipFilter filter) {
      gate();
      delegate.deleteAll(filter);
    }

    @Override
    public void writeSchema(String schema) {
      gate();
      delegate.writeSchema(schema);
    }

    @Override
    public String readSchema() {
      gate();
      return delegate.readSchema();
    }
  }
}

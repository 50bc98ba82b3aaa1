package io.renku.authz.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.authz.AbstractAuthorizerContractTest;
import io.renku.authz.Authorizer;
import io.renku.authz.RenkuSchema;
import io.renku.authz.ResourceSet;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The Authorizer contract, bound to the relational evaluator on a database of its own. */
class RelationalAuthorizerContractTest extends AbstractAuthorizerContractTest {
  private static JdbcClient jdbc;
  private static DataSourceTransactionManager transactions;

  @BeforeAll
  static void database() throws Exception {
    DataSource ds = TestDatabases.newDatabase("relational_authz");
    jdbc = JdbcClient.create(ds);
    transactions = new DataSourceTransactionManager(ds);
    new RelationalAuthorizer(jdbc, transactions).writeSchema(RenkuSchema.text());
  }

  @Override
  protected Authorizer createAuthorizer() {
    return new RelationalAuthorizer(jdbc, transactions);
  }

  /** Runs the readable set's SQL the way repositories do, through the relationship store. */
  @Override
  protected Set<String> members(ResourceSet set) {
    assertThat(set).isInstanceOf(ResourceSet.Query.class);
    return new HashSet<>(new RelationshipStore(jdbc, false).ids(set));
  }
}

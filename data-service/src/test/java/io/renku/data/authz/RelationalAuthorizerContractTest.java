package io.renku.data.authz;

import io.renku.authz.AbstractAuthorizerContractTest;
import io.renku.authz.Authorizer;
import io.renku.authz.RenkuSchema;
import io.renku.data.authz.relational.RelationalAuthorizer;
import io.renku.data.support.TestBackends;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The Authorizer contract, bound to the relational evaluator on a database of its own. */
class RelationalAuthorizerContractTest extends AbstractAuthorizerContractTest {
  private static JdbcClient jdbc;
  private static DataSourceTransactionManager transactions;

  @BeforeAll
  static void database() throws Exception {
    String db =
        "relational_authz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = TestBackends.get().postgres().getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + db);
    }
    DataSource ds = TestBackends.get().postgres().getDatabase("postgres", db);
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    jdbc = JdbcClient.create(ds);
    transactions = new DataSourceTransactionManager(ds);
    new RelationalAuthorizer(jdbc, transactions).writeSchema(RenkuSchema.text());
  }

  @Override
  protected Authorizer createAuthorizer() {
    return new RelationalAuthorizer(jdbc, transactions);
  }
}

package io.renku.data.authz;

import io.renku.authz.Authorizer;
import io.renku.authz.SpiceDbAuthorizer;
import io.renku.authz.SpiceDbConfig;
import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.AuthzSync;
import io.renku.authz.postgres.RelationalAuthorizer;
import io.renku.authz.postgres.RelationshipStore;
import io.renku.data.config.RenkuProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the authorization module ({@code authz-postgres}) into the service: the engine (the same
 * gRPC client for a SpiceDB server and for the embedded engine in this JVM, whose in-process
 * endpoint name local mode uses; or the relational evaluator), the relationship store, its sync to
 * SpiceDB, and the {@link Authz} facade the services use. The sync's timer is {@link
 * AuthzSyncSchedule}.
 */
@Configuration
public class AuthzConfig {
  @Bean
  Authorizer authorizer(
      RenkuProperties properties, JdbcClient jdbc, PlatformTransactionManager transactions) {
    return switch (properties.authzEngine()) {
      case "spicedb" -> spiceDb(properties);
      case "postgres" -> new RelationalAuthorizer(jdbc, transactions);
      default ->
          throw new IllegalStateException(
              "renku.authz-engine must be spicedb or postgres, not " + properties.authzEngine());
    };
  }

  @Bean
  RelationshipStore relationshipStore(JdbcClient jdbc, RenkuProperties properties) {
    // The relational evaluator reads the table itself: nothing to mirror into SpiceDB.
    return new RelationshipStore(jdbc, "spicedb".equals(properties.authzEngine()));
  }

  @Bean
  AuthzSync authzSync(
      JdbcClient jdbc, Authorizer authorizer, PlatformTransactionManager transactions) {
    return new AuthzSync(jdbc, authorizer, transactions);
  }

  @Bean
  Authz authz(Authorizer authorizer, RelationshipStore store, AuthzSync sync) {
    return new Authz(authorizer, store, sync);
  }

  private static SpiceDbAuthorizer spiceDb(RenkuProperties properties) {
    RenkuProperties.SpiceDb s = properties.spicedb();
    if (s.inProcessName() != null && !s.inProcessName().isBlank()) {
      return SpiceDbAuthorizer.inProcess(s.inProcessName(), s.presharedKey(), s.deadline());
    }
    return new SpiceDbAuthorizer(
        new SpiceDbConfig(s.host(), s.port(), s.presharedKey(), s.deadline(), true));
  }
}

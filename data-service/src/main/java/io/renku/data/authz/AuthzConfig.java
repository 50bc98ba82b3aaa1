package io.renku.data.authz;

import io.renku.authz.Authorizer;
import io.renku.authz.SpiceDbAuthorizer;
import io.renku.authz.SpiceDbConfig;
import io.renku.data.authz.relational.RelationalAuthorizer;
import io.renku.data.config.RenkuProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The SpiceDB client: the same gRPC client for a SpiceDB server (host and port) and for the
 * embedded engine in this JVM (its in-process endpoint name, used by local mode).
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

  private static SpiceDbAuthorizer spiceDb(RenkuProperties properties) {
    RenkuProperties.SpiceDb s = properties.spicedb();
    if (s.inProcessName() != null && !s.inProcessName().isBlank()) {
      return SpiceDbAuthorizer.inProcess(s.inProcessName(), s.presharedKey(), s.deadline());
    }
    return new SpiceDbAuthorizer(
        new SpiceDbConfig(s.host(), s.port(), s.presharedKey(), s.deadline(), true));
  }
}

package io.renku.data.config;

import io.renku.authz.SpiceDbAuthorizer;
import io.renku.authz.SpiceDbConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SpiceDB client: the same gRPC client for the embedded engine and a SpiceDB server. */
@Configuration
public class AuthzConfig {
  @Bean(destroyMethod = "close")
  SpiceDbAuthorizer authorizer(RenkuProperties properties) {
    RenkuProperties.SpiceDb s = properties.spicedb();
    return new SpiceDbAuthorizer(
        new SpiceDbConfig(s.host(), s.port(), s.presharedKey(), s.deadline(), true));
  }
}

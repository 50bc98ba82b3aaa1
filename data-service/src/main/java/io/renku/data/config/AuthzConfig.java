package io.renku.data.config;

import io.renku.authz.SpiceDbAuthorizer;
import io.renku.authz.SpiceDbConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SpiceDB client: the same gRPC client for a SpiceDB server (host and port) and for the
 * embedded engine in this JVM (its in-process endpoint name, used by local mode).
 */
@Configuration
public class AuthzConfig {
  @Bean(destroyMethod = "close")
  SpiceDbAuthorizer authorizer(RenkuProperties properties) {
    RenkuProperties.SpiceDb s = properties.spicedb();
    if (s.inProcessName() != null && !s.inProcessName().isBlank()) {
      return SpiceDbAuthorizer.inProcess(s.inProcessName(), s.presharedKey(), s.deadline());
    }
    return new SpiceDbAuthorizer(
        new SpiceDbConfig(s.host(), s.port(), s.presharedKey(), s.deadline(), true));
  }
}

package io.renku.data.account.sync;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Keycloak directory, when the synchronisation is switched on. */
@Configuration
public class UserSyncConfig {
  @Bean
  @ConditionalOnProperty(name = "renku.user-sync.enabled", havingValue = "true")
  UserDirectory keycloakDirectory(UserSyncProperties properties) {
    return new KeycloakDirectory(properties);
  }
}

package io.renku.identity;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The built-in OpenID Connect provider of local mode (Spring Authorization Server): local accounts
 * in Postgres, a login page, clients {@code renku} (the gateway) and {@code renku-cli} (device
 * grant). Served under {@code /auth}. Clusters use Keycloak instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityApplication {

  /** Settings every start needs; its own file name keeps it apart from the other services. */
  public static SpringApplication application() {
    SpringApplication app = new SpringApplication(IdentityApplication.class);
    app.setDefaultProperties(Map.of("spring.config.name", "identity"));
    return app;
  }

  public static void main(String[] args) {
    application().run(args);
  }
}

package io.renku.gateway;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The front door: OIDC login, server-side login sessions, token relay to the data service, the
 * identity provider under {@code /auth} (local mode) and the UI's assets at {@code /}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GatewayApplication {

  /** Settings every start needs; its own file name keeps it apart from the other services. */
  public static SpringApplication application() {
    SpringApplication app = new SpringApplication(GatewayApplication.class);
    app.setDefaultProperties(Map.of("spring.config.name", "gateway"));
    return app;
  }

  public static void main(String[] args) {
    application().run(args);
  }
}

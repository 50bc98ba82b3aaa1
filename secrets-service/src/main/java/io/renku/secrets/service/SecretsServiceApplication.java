package io.renku.secrets.service;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The secrets service: the one component holding the private key that takes the outer layer off
 * stored user secrets (decision 0031). Internal only: the data service asks it to hand a user's
 * secrets to a session, as a Kubernetes Secret ({@code POST /api/secrets/kubernetes}, as the
 * original) or, in local mode, as files in the session's secrets directory.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SecretsServiceApplication {

  /** Settings every start needs; its own file name keeps it apart from the other services. */
  public static SpringApplication application() {
    SpringApplication app = new SpringApplication(SecretsServiceApplication.class);
    app.setDefaultProperties(Map.of("spring.config.name", "secrets"));
    return app;
  }

  public static void main(String[] args) {
    application().run(args);
  }
}

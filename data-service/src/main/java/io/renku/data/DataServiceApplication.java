package io.renku.data;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Renku data service: the REST API under {@code /api/data}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DataServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(DataServiceApplication.class, args);
  }
}

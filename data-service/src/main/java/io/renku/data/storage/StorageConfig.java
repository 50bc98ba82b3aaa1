package io.renku.data.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the storage schema to the machine's rclone. */
@Configuration
public class StorageConfig {
  @Bean
  StorageSchema storageSchema(StorageProperties properties) {
    return new StorageSchema(new Rclone(properties.rclone()));
  }

  @Bean
  StorageService storageService(StorageSchema schema, StorageProperties properties) {
    return new StorageService(schema, new Rclone(properties.rclone()), properties);
  }
}

package io.renku.data.session;

import io.renku.data.session.runtime.LocalProcessRuntime;
import io.renku.data.session.runtime.SessionRuntime;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the session runtime from {@code renku.sessions.runtime}. */
@Configuration
public class SessionRuntimeConfig {

  @Bean(destroyMethod = "close")
  SessionRuntime sessionRuntime(SessionProperties properties) {
    if (!"local".equals(properties.runtime())) {
      throw new IllegalStateException(
          "renku.sessions.runtime must be 'local'; got '" + properties.runtime() + "'");
    }
    Path root =
        properties.localRoot().isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "renku-sessions")
            : Path.of(properties.localRoot());
    return new LocalProcessRuntime(root, properties.startTimeout());
  }
}

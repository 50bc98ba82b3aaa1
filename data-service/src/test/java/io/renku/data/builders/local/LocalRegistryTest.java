package io.renku.data.builders.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryTest {
  @TempDir Path dir;

  @Test
  void servesOnLoopbackUntilClosed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI v2;
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
      assertThat(registry.address()).matches("127\\.0\\.0\\.1:[0-9]+");
      assertThat(registry.holds(registry.address() + "/renku-build:renku-x")).isTrue();
      assertThat(registry.holds("127.0.0.1:1/renku-build:renku-x")).isFalse();
      v2 = URI.create("http://" + registry.address() + "/v2/");
      assertThat(
              http.send(HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);
      // its configuration holds a secret: for the platform's user only
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("registry/registry.yml"))))
          .isEqualTo("rw-------");
    }
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aRestartKeepsThePortBuiltImagesAreNamedAfter() {
    String first;
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
      first = registry.address();
    }
    try (LocalRegistry again = LocalRegistry.start(dir.resolve("registry"))) {
      assertThat(again.address()).isEqualTo(first);
    }
  }

  @Test
  void aMissingProgramIsAClearError() {
    assertThatThrownBy(() -> LocalRegistry.start(dir.resolve("nothing"), dir.resolve("r")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("docker-registry");
  }
}

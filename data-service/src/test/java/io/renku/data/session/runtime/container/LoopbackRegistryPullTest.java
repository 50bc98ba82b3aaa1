package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Images of local mode's registry (loopback, plain HTTP) are pulled without TLS; no others. */
class LoopbackRegistryPullTest {
  @Test
  void loopbackRegistriesAreRecognised() {
    assertThat(ContainerRuntime.onLoopbackRegistry("127.0.0.1:41163/renku-build:renku-01abc"))
        .isTrue();
    assertThat(ContainerRuntime.onLoopbackRegistry("localhost:5000/x:1")).isTrue();
    assertThat(ContainerRuntime.onLoopbackRegistry("[::1]:5000/x:1")).isTrue();
  }

  @Test
  void otherRegistriesKeepTls() {
    assertThat(ContainerRuntime.onLoopbackRegistry("docker.io/library/debian:bookworm")).isFalse();
    assertThat(ContainerRuntime.onLoopbackRegistry("localhost/renku/jupyter:abc")).isFalse();
    assertThat(ContainerRuntime.onLoopbackRegistry("127.0.0.1.example.org:5000/x:1")).isFalse();
    assertThat(ContainerRuntime.onLoopbackRegistry("harbor.example.org/127.0.0.1:5000/x"))
        .isFalse();
  }
}

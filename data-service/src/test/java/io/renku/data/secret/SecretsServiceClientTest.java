package io.renku.data.secret;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client's own failures (its success paths run against the real secrets service in the
 * launcher's {@code SecretsServiceAttackTest}): no credential, no service.
 */
class SecretsServiceClientTest {

  @Test
  void aUrlWithoutACredentialIsAMistakeAtTheStart() {
    assertThatThrownBy(
            () ->
                new SecretsServiceClient(
                    "http://127.0.0.1:1", Duration.ofSeconds(1), new InternalCredential("", "")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("internal-token");
  }

  @Test
  void anUnreachableServiceIsADeliveryFailure() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    var client =
        new SecretsServiceClient(
            "http://127.0.0.1:" + port,
            Duration.ofSeconds(2),
            new InternalCredential("a-credential-of-enough-length", ""));
    assertThatThrownBy(() -> client.writeFiles("u", "s", Map.of("a", "01J2F86WS7S8N6159WA3X4042H")))
        .isInstanceOf(SecretDelivery.SecretDeliveryException.class)
        .hasMessageContaining("cannot be reached")
        .hasNoCause();
    assertThatThrownBy(() -> client.removeFiles("s"))
        .isInstanceOf(SecretDelivery.SecretDeliveryException.class);
  }
}

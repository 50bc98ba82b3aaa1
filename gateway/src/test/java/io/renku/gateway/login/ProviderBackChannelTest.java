package io.renku.gateway.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.config.GatewayProperties;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The gateway calls the built-in provider on loopback, telling it the public address, so that a
 * public URL the gateway cannot call itself (HTTPS with a self-signed certificate) still logs in.
 */
class ProviderBackChannelTest {
  private static GatewayProperties properties(String publicUrl, String identityUrl) {
    return new GatewayProperties(
        URI.create(publicUrl),
        URI.create("http://127.0.0.1:1"),
        identityUrl == null ? null : URI.create(identityUrl),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void theBuiltInProviderIsCalledOnLoopbackWithThePublicAddress() {
    var channel =
        ProviderBackChannel.of(properties("https://renku.test:8443", "http://127.0.0.1:9000/"));
    String token = "https://renku.test:8443/auth/oauth2/token";
    assertThat(channel.map(token)).isEqualTo("http://127.0.0.1:9000/auth/oauth2/token");
    assertThat(channel.map("https://renku.test:8443/auth")).isEqualTo("http://127.0.0.1:9000/auth");
    assertThat(channel.headersFor(token))
        .containsEntry("X-Forwarded-Proto", "https")
        .containsEntry("X-Forwarded-Host", "renku.test:8443")
        .containsEntry("X-Forwarded-Port", "8443");
    // not the provider's: as it is, without forwarding headers
    assertThat(channel.map("https://renku.test:8443/authx/y"))
        .isEqualTo("https://renku.test:8443/authx/y");
    assertThat(channel.map("https://other.test/auth/oauth2/token"))
        .isEqualTo("https://other.test/auth/oauth2/token");
    assertThat(channel.headersFor("https://other.test/auth/oauth2/token")).isEmpty();
    var standard =
        ProviderBackChannel.of(properties("https://renku.test", "http://127.0.0.1:9000"));
    assertThat(standard.headersFor("https://renku.test/auth/x"))
        .containsEntry("X-Forwarded-Host", "renku.test")
        .containsEntry("X-Forwarded-Port", "443");
  }

  @Test
  void aProviderElsewhereIsCalledAsItIs() {
    var channel = ProviderBackChannel.of(properties("https://renku.test", null));
    String url = "https://renku.test/auth/realms/renku/protocol/openid-connect/token";
    assertThat(channel.map(url)).isEqualTo(url);
    assertThat(channel.headersFor(url)).isEmpty();
  }
}

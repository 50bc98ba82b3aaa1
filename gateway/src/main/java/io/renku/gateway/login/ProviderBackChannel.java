package io.renku.gateway.login;

import io.renku.gateway.config.GatewayProperties;
import java.net.URI;
import java.util.Map;

/**
 * Where the gateway itself calls the login provider (discovery, tokens, keys). The built-in
 * provider of local mode lives behind the gateway at {@code <public URL>/auth}, and the public URL
 * may be one the gateway cannot call: HTTPS with a certificate only browsers were told to trust, or
 * a name only they resolve. Then those calls go to the provider's loopback address ({@code
 * renku.gateway.identity-url}) with the public address in {@code X-Forwarded-*}, so the provider
 * still names itself by its public issuer. A provider elsewhere (Keycloak) is called as it is.
 */
record ProviderBackChannel(
    String publicPrefix, String loopbackPrefix, Map<String, String> headers) {

  static ProviderBackChannel of(GatewayProperties properties) {
    if (properties.identityUrl() == null) {
      return new ProviderBackChannel(null, null, Map.of());
    }
    URI pub = properties.publicUrl();
    int port = pub.getPort() != -1 ? pub.getPort() : pub.getScheme().equals("https") ? 443 : 80;
    return new ProviderBackChannel(
        properties.base() + "/auth",
        properties.identityUrl().toString().replaceAll("/+$", "") + "/auth",
        Map.of(
            "X-Forwarded-Proto", pub.getScheme(),
            "X-Forwarded-Host", pub.getHost() + (pub.getPort() == -1 ? "" : ":" + port),
            "X-Forwarded-Port", String.valueOf(port)));
  }

  /** The address to call for a provider URL: on loopback when it is the built-in provider's. */
  String map(String url) {
    if (publicPrefix != null && (url.equals(publicPrefix) || url.startsWith(publicPrefix + "/"))) {
      return loopbackPrefix + url.substring(publicPrefix.length());
    }
    return url;
  }

  /** The headers a call to {@link #map mapped} {@code url} needs. */
  Map<String, String> headersFor(String url) {
    return map(url).equals(url) ? Map.of() : headers;
  }
}

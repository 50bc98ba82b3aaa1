package io.renku.gateway.login;

import io.renku.gateway.config.GatewayProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The one rule for {@code redirect_url}: only the platform's own origin. Relative paths are
 * resolved against the public URL; scheme-relative ({@code //evil}) and backslash tricks are
 * refused.
 */
public final class RedirectUrls {
  private RedirectUrls() {}

  /** The absolute URL to redirect to, or empty when it would leave the platform. */
  public static Optional<String> validate(String candidate, GatewayProperties properties) {
    if (candidate == null || candidate.isBlank()) {
      return Optional.of(properties.base() + "/");
    }
    if (candidate.contains("\\") || candidate.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(candidate);
      if (uri.getScheme() == null && uri.getRawAuthority() == null) {
        if (!candidate.startsWith("/")) {
          return Optional.empty();
        }
        return Optional.of(properties.base() + uri.toString());
      }
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      int port = uri.getPort();
      String origin =
          uri.getScheme().toLowerCase()
              + "://"
              + uri.getHost().toLowerCase()
              + (port == -1 ? "" : ":" + port);
      if (!origin.equals(properties.origin().toLowerCase()) || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      return Optional.of(uri.toString());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}

package io.renku.data.connectedservice;

import io.renku.core.RenkuException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the callback may send the browser afterwards: only the platform's own origin, so that the
 * flow cannot become an open redirect. A path ({@code /p/x}) is taken relative to the public URL;
 * an absolute URL must have the public URL's scheme, host and port; anything else (another host,
 * {@code //evil}, {@code /\evil}, {@code javascript:}, user info) is refused.
 */
final class NextUrls {
  private NextUrls() {}

  /** The absolute URL to redirect to, or null when none was asked for; 422 when refused. */
  static String check(String nextUrl, String publicUrl) {
    if (nextUrl == null || nextUrl.isBlank()) {
      return null;
    }
    String n = nextUrl.strip();
    URI base = URI.create(publicUrl.replaceAll("/+$", "") + "/");
    if (n.chars().anyMatch(c -> c < 0x21 || c == '\\' || c == 0x7f)) {
      throw refused();
    }
    URI u;
    try {
      u = new URI(n);
    } catch (URISyntaxException e) {
      throw refused();
    }
    if (!u.isAbsolute()) {
      // Only an absolute path; "//host" (scheme-relative) names another host.
      if (!n.startsWith("/") || n.startsWith("//") || u.getRawAuthority() != null) {
        throw refused();
      }
      return base.resolve(n.substring(1)).toString();
    }
    if (u.getRawUserInfo() != null || u.getHost() == null) {
      throw refused();
    }
    boolean sameOrigin =
        u.getScheme().equalsIgnoreCase(base.getScheme())
            && u.getHost().toLowerCase(Locale.ROOT).equals(base.getHost().toLowerCase(Locale.ROOT))
            && port(u) == port(base);
    if (!sameOrigin) {
      throw refused();
    }
    return u.toString();
  }

  private static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static RenkuException refused() {
    return RenkuException.validation("next_url", "must be a URL of this platform");
  }
}

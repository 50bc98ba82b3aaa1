package io.renku.data.connectedservice;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A repository URL as {@code GET /repository} takes it, with the original's checks and error codes:
 * http(s) only, a host, not {@code localhost} or a loopback literal; trailing slashes dropped.
 */
record GitUrl(URI uri) {

  /** Either a URL or the original's error code. */
  record Parsed(GitUrl url, String error) {}

  static Parsed parse(String raw) {
    String s = raw == null ? "" : raw.strip();
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      return new Parsed(null, "invalid_git_url");
    }
    if (u.getScheme() == null) {
      return new Parsed(null, "no_url_scheme");
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return new Parsed(null, "invalid_url_scheme");
    }
    if (u.getRawAuthority() == null || u.getRawAuthority().isEmpty()) {
      return new Parsed(null, "no_url_host");
    }
    if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
      // No credentials in the URL: the probe must not send what the user typed to a server.
      return new Parsed(null, "invalid_git_url");
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return new Parsed(new GitUrl(new URI(scheme + "://" + u.getRawAuthority() + path)), null);
    } catch (URISyntaxException e) {
      return new Parsed(null, "invalid_git_url");
    }
  }

  /** {@code host[:port]} as written, lower case: what a provider's URL is matched with. */
  String netloc() {
    return netloc(uri);
  }

  static String netloc(URI u) {
    return u.getRawAuthority() == null ? "" : u.getRawAuthority().toLowerCase(Locale.ROOT);
  }

  String render() {
    return uri.toString();
  }
}

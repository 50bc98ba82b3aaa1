package io.renku.sidecars.authproxy;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the auth proxy runs with, resolved like the Go proxy's viper setup: a flag given on the
 * command line, else the variable {@code AUTHPROXY_<NAME>}, else the key {@code authproxy.<name>}
 * of the {@code --config} YAML file, else the default.
 *
 * @param remote where requests go ({@code AUTHPROXY_REMOTE}, e.g. {@code http://127.0.0.1:8888});
 *     its path, if any, is put before every request's path, as Go's reverse proxy does
 * @param port the proxy's port (default 65535), also serving {@value AuthProxy#HEALTH_PATH}
 * @param metaPort the port of {@code GET /request_stats} (default 65534)
 * @param token the credential; empty means no authentication, as in Go
 * @param cookieKey the cookie that may carry the token (default {@code renku-auth})
 * @param stripPathPrefix removed from the start of request paths; empty for none
 * @param verbose log every request with more detail
 * @param withholdCookies cookies never forwarded to the session ({@code withhold_cookies}, comma
 *     separated, default the platform's {@code _renku_session,_renku_anon}; not in the Go proxy,
 *     see {@link WithheldCookies}); the {@code cookieKey} is withheld too when a token is set
 */
public record ProxySettings(
    URI remote,
    int port,
    int metaPort,
    String token,
    String cookieKey,
    String stripPathPrefix,
    boolean verbose,
    Set<String> withholdCookies) {

  /** The platform's login and visitor cookies (the gateway's names). */
  public static final String DEFAULT_WITHHELD_COOKIES = "_renku_session,_renku_anon";

  public ProxySettings {
    if (remote.getScheme() == null
        || !(remote.getScheme().equals("http") || remote.getScheme().equals("https"))
        || remote.getHost() == null) {
      throw new IllegalArgumentException("the remote must be an http or https URL with a host");
    }
  }

  /** What is kept from the session: the listed cookies and, with a token, the credential's. */
  WithheldCookies withheld() {
    Set<String> names = new HashSet<>(withholdCookies);
    if (authenticated()) {
      names.add(cookieKey);
    }
    return new WithheldCookies(names);
  }

  /** Parses the comma-separated {@code withhold_cookies} value. */
  public static Set<String> cookieNames(String value) {
    Set<String> names = new LinkedHashSet<>();
    for (String n : value.split(",")) {
      if (!n.isBlank()) {
        names.add(n.strip());
      }
    }
    return names;
  }

  public boolean authenticated() {
    return !token.isEmpty();
  }

  /** A copy listening on other ports (tests use 0: any free port). */
  public ProxySettings withPorts(int newPort, int newMetaPort) {
    return new ProxySettings(
        remote, newPort, newMetaPort, token, cookieKey, stripPathPrefix, verbose, withholdCookies);
  }

  @Override
  public String toString() {
    // Never the token itself: records print every field by default.
    return "ProxySettings[remote="
        + remote
        + ", port="
        + port
        + ", metaPort="
        + metaPort
        + ", token of length "
        + token.length()
        + ", cookieKey="
        + cookieKey
        + ", stripPathPrefix="
        + stripPathPrefix
        + ", verbose="
        + verbose
        + ", withholdCookies="
        + withholdCookies
        + "]";
  }
}

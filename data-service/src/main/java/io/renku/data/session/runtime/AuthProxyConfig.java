package io.renku.data.session.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration files a session's authentication proxy reads from its Secret, in the formats
 * the original data service writes them.
 *
 * <ul>
 *   <li>Anonymous visitors ({@code type: token}, {@code get_auth_secret_anonymous}): the YAML
 *       {@code authproxy: {cookie_key, token, verbose}}. The proxy lets a request in when the
 *       cookie {@code cookie_key} (or else the {@code Authorization} header) holds {@code token}.
 *       The original's token is the raw value of the gateway's cookie of the visitor; ours is the
 *       visitor's id, which is the raw value of the gateway's {@code _renku_anon} cookie ({@code
 *       HttpOnly}, {@code SameSite=Lax}, {@code Secure}, {@code Path=/}), so the browser that
 *       started the session presents it on every request to the session's path.
 *   <li>Logged-in users ({@code type: oauth2proxy}, {@code get_auth_secret_authenticated}): an
 *       oauth2-proxy TOML file. The browser logs in with the platform's identity provider (a silent
 *       round trip when it is logged in there already); oauth2-proxy then sets its own cookie for
 *       the session's path and lets in only the owner's e-mail address.
 * </ul>
 */
public final class AuthProxyConfig {
  private AuthProxyConfig() {}

  /** The token proxy's file: keys sorted, as PyYAML's {@code safe_dump} writes them. */
  public static String token(String token, String cookieKey) {
    return "authproxy:\n"
        + "  cookie_key: "
        + yamlString(cookieKey)
        + "\n"
        + "  token: "
        + yamlString(token)
        + "\n"
        + "  verbose: true\n";
  }

  /**
   * The oauth2-proxy file: the settings of the original in its order.
   *
   * @param baseUrl the session's URL, e.g. {@code https://renku.example.org/sessions/abc}
   * @param basePath its path, {@code /sessions/abc}
   * @param cookieSecret 32 random bytes, base64url
   */
  public static String oauth2Proxy(
      KubernetesSettings.Oidc oidc, String baseUrl, String basePath, String cookieSecret) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("provider", "oidc");
    values.put("client_id", oidc.clientId());
    values.put("oidc_issuer_url", oidc.issuerUrl() == null ? "" : oidc.issuerUrl());
    values.put("session_cookie_minimal", true);
    values.put("skip_provider_button", true);
    values.put("redirect_url", baseUrl + "/oauth2/callback");
    values.put("cookie_path", basePath);
    values.put("proxy_prefix", basePath + "/oauth2");
    values.put("authenticated_emails_file", "/authorized_emails");
    values.put("client_secret", oidc.clientSecret() == null ? "" : oidc.clientSecret());
    values.put("cookie_secret", cookieSecret);
    values.put("insecure_oidc_allow_unverified_email", oidc.allowUnverifiedEmail());
    StringBuilder toml = new StringBuilder();
    values.forEach(
        (k, v) ->
            toml.append(k)
                .append(" = ")
                .append(v instanceof Boolean ? v.toString() : tomlString((String) v))
                .append('\n'));
    return toml.toString();
  }

  /** A YAML double-quoted scalar (JSON's string syntax is a subset). */
  static String yamlString(String s) {
    return quoted(s);
  }

  /** A TOML basic string. */
  static String tomlString(String s) {
    return quoted(s);
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

package io.renku.data.connectedservice;

import java.net.URI;
import java.util.Map;

/**
 * Where a provider's OAuth2 flow and API are, by kind, as the original's provider adapters say.
 *
 * @param userInfoUrl what {@code /account} reads
 * @param userInfoPost whether it is read with a POST (Dropbox)
 * @param apiUrl the base of the provider's REST API (ends with a slash)
 * @param extraAuthorizeParams what the kind needs in the authorization request (offline access)
 */
record ProviderEndpoints(
    String authorizeUrl,
    String tokenUrl,
    String apiUrl,
    String userInfoUrl,
    boolean userInfoPost,
    Map<String, String> extraAuthorizeParams) {

  /** The endpoints of a kind with a fixed layout; generic OIDC ones come from discovery. */
  static ProviderEndpoints fixed(Provider p) {
    String base = withSlash(p.url());
    return switch (p.kind()) {
      case ProviderKinds.GITLAB ->
          new ProviderEndpoints(
              base + "oauth/authorize",
              base + "oauth/token",
              base + "api/v4/",
              base + "api/v4/user",
              false,
              Map.of());
      case ProviderKinds.GITHUB -> {
        String api = githubApi(p.url());
        yield new ProviderEndpoints(
            base + "login/oauth/authorize",
            base + "login/oauth/access_token",
            api,
            api + "user",
            false,
            Map.of());
      }
      case ProviderKinds.GOOGLE ->
          new ProviderEndpoints(
              "https://accounts.google.com/o/oauth2/auth",
              "https://oauth2.googleapis.com/token",
              "https://www.googleapis.com/oauth2/v2/",
              "https://www.googleapis.com/oauth2/v2/userinfo",
              false,
              Map.of("access_type", "offline", "prompt", "consent"));
      case ProviderKinds.DROPBOX ->
          new ProviderEndpoints(
              "https://www.dropbox.com/oauth2/authorize",
              "https://api.dropboxapi.com/oauth2/token",
              "https://api.dropboxapi.com/2/openid/",
              "https://api.dropboxapi.com/2/openid/userinfo",
              true,
              Map.of("token_access_type", "offline"));
      case ProviderKinds.ZENODO ->
          new ProviderEndpoints(
              base + "oauth/authorize",
              base + "oauth/token",
              base + "api/",
              base + "api/deposit/depositions",
              false,
              Map.of());
      default -> throw new IllegalArgumentException("no fixed endpoints for " + p.kind());
    };
  }

  /** github.com's API is api.github.com; GitHub Enterprise serves it under /api/v3/. */
  static String githubApi(String url) {
    URI u = URI.create(url);
    if ("github.com".equalsIgnoreCase(u.getHost())) {
      return "https://api.github.com/";
    }
    return withSlash(url) + "api/v3/";
  }

  static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }
}

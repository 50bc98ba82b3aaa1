package io.renku.data.connectedservice;

/**
 * An OAuth2 client of an external service ("provider"), as answered: without its client secret,
 * which only {@link ProviderRepository#clientSecret} reads (encrypted) for the token requests.
 */
public record Provider(
    String id,
    String kind,
    String appSlug,
    String clientId,
    String displayName,
    String scope,
    String url,
    boolean usePkce,
    String imageRegistryUrl,
    String oidcIssuerUrl,
    boolean hasClientSecret) {

  /** A GitHub App (not a plain OAuth App): it has an app slug, as in the original. */
  public boolean isGithubApp() {
    return ProviderKinds.GITHUB.equals(kind) && appSlug != null && !appSlug.isBlank();
  }
}

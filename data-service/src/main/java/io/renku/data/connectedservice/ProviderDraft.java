package io.renku.data.connectedservice;

/**
 * What a create or a change of a provider asks for; null fields keep their values (a change) or
 * take their defaults (a create). An empty client secret removes it.
 */
public record ProviderDraft(
    String id,
    String kind,
    String appSlug,
    String clientId,
    String clientSecret,
    String displayName,
    String scope,
    String url,
    Boolean usePkce,
    String imageRegistryUrl,
    String oidcIssuerUrl) {

  @Override
  public String toString() {
    return "ProviderDraft[id=" + id + ", kind=" + kind + ", url=" + url + ", secret hidden]";
  }
}

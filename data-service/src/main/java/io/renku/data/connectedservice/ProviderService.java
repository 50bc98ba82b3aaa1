package io.renku.data.connectedservice;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The OAuth2 clients ({@code /oauth2/providers}): everyone reads them (without secrets), only
 * admins write them. The client secret is write-only: encrypted at once, never answered or logged.
 */
@Service
public class ProviderService {
  private static final Logger log = LoggerFactory.getLogger(ProviderService.class);
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,98}$");

  private final ProviderRepository providers;
  private final TokenVault vault;
  private final ProviderHttp http;

  public ProviderService(ProviderRepository providers, TokenVault vault, ProviderHttp http) {
    this.providers = providers;
    this.vault = vault;
    this.http = http;
  }

  public List<Provider> list() {
    return providers.all();
  }

  public Provider get(String id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  /** A provider by id, for the other parts of this package (no permission needed). */
  Optional<Provider> find(String id) {
    return providers.get(id);
  }

  /** The decrypted client secret of a provider, null without one. */
  String clientSecret(Provider p) {
    return providers.clientSecret(p.id()).map(s -> vault.openClientSecret(p.id(), s)).orElse(null);
  }

  public Provider create(ApiUser caller, ProviderDraft d) {
    caller.requireAdmin();
    if (d.id() == null || !ID.matcher(d.id()).matches()) {
      throw RenkuException.validation("id", "must be 1 to 99 letters, digits, '.', '_' or '-'");
    }
    Provider p =
        validated(
            new Provider(
                d.id(),
                d.kind(),
                d.appSlug() == null ? "" : d.appSlug(),
                d.clientId(),
                d.displayName(),
                d.scope(),
                d.url(),
                Boolean.TRUE.equals(d.usePkce()),
                d.imageRegistryUrl(),
                d.oidcIssuerUrl(),
                false));
    byte[] secret = sealedSecret(p.id(), d.clientSecret());
    if (!providers.insert(p, secret, caller.id())) {
      throw RenkuException.conflict("A provider with id '" + p.id() + "' already exists.");
    }
    log.info("Admin {} created OAuth2 provider {} ({})", caller.id(), p.id(), p.kind());
    return get(p.id());
  }

  @Transactional
  public Provider update(ApiUser caller, String id, ProviderDraft d) {
    caller.requireAdmin();
    Provider old = get(id);
    Provider p =
        validated(
            new Provider(
                id,
                d.kind() != null ? d.kind() : old.kind(),
                d.appSlug() != null ? d.appSlug() : old.appSlug(),
                d.clientId() != null ? d.clientId() : old.clientId(),
                d.displayName() != null ? d.displayName() : old.displayName(),
                d.scope() != null ? d.scope() : old.scope(),
                d.url() != null ? d.url() : old.url(),
                d.usePkce() != null ? d.usePkce() : old.usePkce(),
                d.imageRegistryUrl() != null
                    ? emptyToNull(d.imageRegistryUrl())
                    : old.imageRegistryUrl(),
                d.oidcIssuerUrl() != null ? emptyToNull(d.oidcIssuerUrl()) : old.oidcIssuerUrl(),
                old.hasClientSecret()));
    boolean changeSecret = d.clientSecret() != null;
    if (!providers.update(p, changeSecret, sealedSecret(id, d.clientSecret()))) {
      throw notFound(id);
    }
    http.forget(old);
    log.info("Admin {} changed OAuth2 provider {}", caller.id(), id);
    return get(id);
  }

  public void delete(ApiUser caller, String id) {
    caller.requireAdmin();
    find(id).ifPresent(http::forget);
    providers.delete(id);
    log.info("Admin {} removed OAuth2 provider {}", caller.id(), id);
  }

  private byte[] sealedSecret(String id, String secret) {
    return secret == null || secret.isEmpty() ? null : vault.sealClientSecret(id, secret);
  }

  private static Provider validated(Provider p) {
    if (p.kind() == null || !ProviderKinds.ALL.contains(p.kind())) {
      throw RenkuException.validation("kind", "must be one of " + ProviderKinds.ALL);
    }
    requireText("client_id", p.clientId());
    requireText("display_name", p.displayName());
    if (p.scope() == null) {
      throw RenkuException.validation("scope", "is required");
    }
    requireHttpUrl("url", p.url());
    if (p.imageRegistryUrl() != null) {
      requireHttpUrl("image_registry_url", p.imageRegistryUrl());
    }
    if (ProviderKinds.GENERIC_OIDC.equals(p.kind())) {
      if (p.oidcIssuerUrl() == null) {
        throw RenkuException.validation("oidc_issuer_url", "is required for kind generic_oidc");
      }
      requireHttpUrl("oidc_issuer_url", p.oidcIssuerUrl());
    } else if (p.oidcIssuerUrl() != null) {
      requireHttpUrl("oidc_issuer_url", p.oidcIssuerUrl());
    }
    return p;
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw RenkuException.validation(field, "is required");
    }
  }

  private static void requireHttpUrl(String field, String value) {
    try {
      URI u = new URI(value);
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null
          || u.getRawUserInfo() != null
          || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        throw RenkuException.validation(field, "must be an http(s) URL");
      }
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw RenkuException.validation(field, "must be an http(s) URL");
    }
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static RenkuException notFound(String id) {
    return RenkuException.notFound("OAuth2 provider '" + id + "' does not exist.");
  }
}

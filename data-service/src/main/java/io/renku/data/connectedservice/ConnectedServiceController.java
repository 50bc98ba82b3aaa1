package io.renku.data.connectedservice;

import io.renku.api.data.api.Oauth2Api;
import io.renku.api.data.model.AppInstallation;
import io.renku.api.data.model.CallbackStatus;
import io.renku.api.data.model.ConnectedAccount;
import io.renku.api.data.model.ConnectionStatus;
import io.renku.api.data.model.ErrorResponse;
import io.renku.api.data.model.OAuth2Token;
import io.renku.api.data.model.PostTokenRequest;
import io.renku.api.data.model.PostTokenResponse;
import io.renku.api.data.model.ProviderKind;
import io.renku.api.data.model.ProviderPatch;
import io.renku.api.data.model.ProviderPost;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.data.web.CurrentUser;
import io.renku.data.web.PageResponses;
import java.net.URI;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /oauth2/...}: DTOs in and out, rules in the services. */
@RestController
public class ConnectedServiceController implements Oauth2Api {
  private final ProviderService providers;
  private final ConnectionService connections;
  private final CurrentUser currentUser;

  public ConnectedServiceController(
      ProviderService providers, ConnectionService connections, CurrentUser currentUser) {
    this.providers = providers;
    this.connections = connections;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Provider>> getOauth2Providers() {
    return ResponseEntity.ok(
        providers.list().stream().map(ConnectedServiceController::dto).toList());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Provider> getOauth2Provider(String providerId) {
    return ResponseEntity.ok(dto(providers.get(providerId)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Provider> postOauth2Provider(ProviderPost b) {
    var draft =
        new ProviderDraft(
            b.getId(),
            kind(b.getKind()),
            b.getAppSlug(),
            b.getClientId(),
            b.getClientSecret(),
            b.getDisplayName(),
            b.getScope(),
            b.getUrl(),
            b.getUsePkce(),
            b.getImageRegistryUrl(),
            b.getOidcIssuerUrl());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(providers.create(currentUser.get(), draft)));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Provider> patchOauth2Provider(
      String providerId, ProviderPatch b) {
    var draft =
        new ProviderDraft(
            providerId,
            kind(b.getKind()),
            b.getAppSlug(),
            b.getClientId(),
            b.getClientSecret(),
            b.getDisplayName(),
            b.getScope(),
            b.getUrl(),
            b.getUsePkce(),
            b.getImageRegistryUrl(),
            b.getOidcIssuerUrl());
    return ResponseEntity.ok(dto(providers.update(currentUser.get(), providerId, draft)));
  }

  @Override
  public ResponseEntity<Void> deleteOauth2Provider(String providerId) {
    providers.delete(currentUser.get(), providerId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<ErrorResponse> authorizeOauth2Provider(String providerId, String nextUrl) {
    URI to = connections.authorize(currentUser.get(), providerId, nextUrl);
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(to)
        .cacheControl(CacheControl.noStore())
        .build();
  }

  @Override
  public ResponseEntity<CallbackStatus> oauth2Callback(
      String state, String code, String error, String errorDescription) {
    var outcome = connections.callback(currentUser.get(), state, code, error, errorDescription);
    if (outcome.redirectTo() == null) {
      return ResponseEntity.ok(new CallbackStatus("OK"));
    }
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create(outcome.redirectTo()))
        .cacheControl(CacheControl.noStore())
        .build();
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Connection>> getOauth2Connections() {
    return ResponseEntity.ok(
        connections.list(currentUser.get()).stream().map(ConnectedServiceController::dto).toList());
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Connection> getOauth2Connection(
      String connectionId) {
    return ResponseEntity.ok(dto(connections.get(currentUser.get(), connectionId)));
  }

  @Override
  public ResponseEntity<Void> deleteOauth2Connection(String connectionId) {
    connections.delete(currentUser.get(), connectionId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<ConnectedAccount> getOauth2ConnectionAccount(String connectionId) {
    var a = connections.account(currentUser.get(), connectionId);
    return ResponseEntity.ok(new ConnectedAccount(a.username()).webUrl(a.webUrl()));
  }

  @Override
  public ResponseEntity<OAuth2Token> getOauth2ConnectionToken(String connectionId) {
    TokenSet t = connections.token(currentUser.get(), connectionId);
    var dto = new OAuth2Token().accessToken(t.accessToken()).scope(t.scope());
    dto.setTokenType(t.tokenType());
    dto.setIdToken(t.idToken());
    if (t.expiresAt() != null) {
      dto.setExpiresAtIso(t.expiresAt().toString());
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(dto);
  }

  @Override
  public ResponseEntity<List<AppInstallation>> getOauth2ConnectionInstallations(
      String connectionId, Integer page, Integer perPage) {
    Paging paging = Paging.of(page, perPage);
    var found =
        connections.installations(currentUser.get(), connectionId, paging.page(), paging.perPage());
    List<AppInstallation> items =
        found.items().stream()
            .map(
                i ->
                    new AppInstallation(
                            i.id(),
                            i.accountLogin(),
                            i.accountWebUrl(),
                            AppInstallation.RepositorySelectionEnum.fromValue(
                                i.repositorySelection()))
                        .suspendedAt(i.suspendedAt()))
            .toList();
    return PageResponses.of(new Page<>(items, paging, found.total()));
  }

  @Override
  public ResponseEntity<PostTokenResponse> postOauth2ConnectionTokenEndpoint(
      String connectionId, PostTokenRequest body) {
    var s =
        connections.tokenEndpoint(
            connectionId,
            body.getGrantType() == null ? null : body.getGrantType().getValue(),
            body.getRefreshToken());
    var dto =
        new PostTokenResponse(s.tokens().accessToken(), "Bearer", s.expiresIn(), s.refreshToken())
            .refreshExpiresIn(s.refreshExpiresIn())
            .scope(s.tokens().scope());
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(dto);
  }

  private static String kind(ProviderKind k) {
    return k == null ? null : k.getValue();
  }

  private static io.renku.api.data.model.Provider dto(Provider p) {
    var dto =
        new io.renku.api.data.model.Provider(
            p.id(),
            ProviderKind.fromValue(p.kind()),
            p.appSlug(),
            p.clientId(),
            p.displayName(),
            p.scope(),
            p.url(),
            p.usePkce());
    dto.setImageRegistryUrl(p.imageRegistryUrl());
    dto.setOidcIssuerUrl(p.oidcIssuerUrl());
    // The client secret is write-only: never set here.
    return dto;
  }

  private static io.renku.api.data.model.Connection dto(Connection c) {
    return new io.renku.api.data.model.Connection(
        c.id(), c.providerId(), ConnectionStatus.fromValue(c.status()));
  }
}

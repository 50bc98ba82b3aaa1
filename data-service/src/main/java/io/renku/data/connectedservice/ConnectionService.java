package io.renku.data.connectedservice;

import io.renku.core.ApiUser;
import io.renku.core.ErrorCode;
import io.renku.core.RandomBytes;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The users' connections to providers ({@code /oauth2/connections}, the authorization flow): each
 * user sees and uses only their own (another user's is 404). The flow is the authorization code
 * grant with PKCE (S256) and a random state that names one pending connection of the caller, used
 * once and for {@link #STATE_LIFETIME} at most. Tokens are refreshed shortly before they expire,
 * under the connection's row lock, so that concurrent requests (and replicas) refresh once.
 */
@Service
public class ConnectionService {
  private static final Logger log = LoggerFactory.getLogger(ConnectionService.class);

  /** How long before its expiry a token is refreshed (the original's leeway). */
  static final long REFRESH_LEEWAY_SECONDS = 60;

  static final Duration STATE_LIFETIME = Duration.ofMinutes(15);

  /** How long a refresh token handed to a session stays valid. */
  static final Duration SESSION_TOKEN_LIFETIME = Duration.ofDays(7);

  public static final String CALLBACK_PATH = "/api/data/oauth2/callback";

  private final ConnectionRepository connections;
  private final ProviderService providers;
  private final ProviderHttp http;
  private final TokenVault vault;
  private final TransactionTemplate tx;
  private final String publicUrl;

  public ConnectionService(
      ConnectionRepository connections,
      ProviderService providers,
      ProviderHttp http,
      TokenVault vault,
      PlatformTransactionManager txManager,
      @Value("${renku.sessions.public-url:}") String publicUrl) {
    this.connections = connections;
    this.providers = providers;
    this.http = http;
    this.vault = vault;
    this.tx = new TransactionTemplate(txManager);
    this.publicUrl = publicUrl.isBlank() ? "http://localhost" : publicUrl.replaceAll("/+$", "");
  }

  /** Where the callback sends the browser: a redirect, or none ({@code {"status":"OK"}}). */
  public record CallbackOutcome(String redirectTo) {}

  /** A page of GitHub App installations. */
  public record Installation(
      long id,
      String accountLogin,
      String accountWebUrl,
      String repositorySelection,
      java.time.OffsetDateTime suspendedAt) {}

  /** Installations and their total count. */
  public record Installations(List<Installation> items, long total) {}

  /** What the token endpoint answers a session. */
  public record SessionTokens(
      TokenSet tokens, String refreshToken, long expiresIn, long refreshExpiresIn) {
    @Override
    public String toString() {
      return "SessionTokens[hidden]";
    }
  }

  /** The account at the provider. */
  public record Account(String username, String webUrl) {}

  public String callbackUrl() {
    return publicUrl + CALLBACK_PATH;
  }

  /** Starts the flow: the URL of the provider's authorization page. */
  public URI authorize(ApiUser caller, String providerId, String nextUrl) {
    caller.requireAuthenticated();
    Provider p = providers.get(providerId);
    String next = NextUrls.check(nextUrl, publicUrl);
    String state = randomToken();
    String verifier = randomToken() + randomToken();
    ProviderEndpoints e = http.endpoints(p);
    connections.startPending(
        Ulid.next(), caller.id(), p.id(), state, vault.sealVerifier(caller.id(), verifier), next);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", p.clientId());
    q.put("redirect_uri", callbackUrl());
    if (!p.scope().isBlank()) {
      q.put("scope", p.scope());
    }
    q.put("state", state);
    q.put("code_challenge", s256(verifier));
    q.put("code_challenge_method", "S256");
    q.putAll(e.extraAuthorizeParams());
    String sep = e.authorizeUrl().contains("?") ? "&" : "?";
    log.info("User {} starts connecting to provider {}", caller.id(), p.id());
    return URI.create(e.authorizeUrl() + sep + ProviderHttp.formBody(q));
  }

  /**
   * The provider sent the browser back. The state must name a pending connection of the caller,
   * else 403 (an unknown, used or expired state, or another user's: a link someone else started
   * must not connect the caller's account).
   */
  public CallbackOutcome callback(
      ApiUser caller, String state, String code, String error, String errorDescription) {
    if (state == null || state.isBlank()) {
      throw forbidden();
    }
    if (error != null) {
      // Passed on to the page the user came from, as the original does.
      if (caller.isAnonymous()) {
        throw forbidden();
      }
      Optional<String> next = connections.nextUrlByState(caller.id(), state);
      if (next.isEmpty()) {
        throw forbidden();
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("error", error);
      if (errorDescription != null) {
        q.put("error_description", errorDescription);
      }
      String url = next.get();
      return new CallbackOutcome(url + (url.contains("?") ? "&" : "?") + ProviderHttp.formBody(q));
    }
    if (caller.isAnonymous() || code == null || code.isBlank()) {
      throw forbidden();
    }
    var pending =
        connections
            .takeByState(caller.id(), state, STATE_LIFETIME.toSeconds())
            .orElseThrow(
                () -> {
                  log.info(
                      "OAuth2 callback of user {} with no pending state of theirs", caller.id());
                  return forbidden();
                });
    Connection c = pending.connection();
    Provider p = providers.get(c.providerId());
    String verifier = vault.openVerifier(c.userId(), pending.sealedVerifier());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", callbackUrl());
    form.put("code_verifier", verifier);
    TokenSet tokens;
    try {
      tokens = http.tokenRequest(p, providers.clientSecret(p), form, null);
    } catch (RenkuException e) {
      throw forbidden();
    }
    connections.storeTokens(c.id(), vault.sealTokens(c.userId(), tokens), tokens.expiresAt(), true);
    log.info("User {} connected to provider {} (connection {})", c.userId(), p.id(), c.id());
    return new CallbackOutcome(pending.nextUrl());
  }

  public List<Connection> list(ApiUser caller) {
    if (caller.isAnonymous()) {
      return List.of();
    }
    return connections.ofUser(caller.id());
  }

  public Connection get(ApiUser caller, String id) {
    return own(caller, id);
  }

  public void delete(ApiUser caller, String id) {
    caller.requireAuthenticated();
    if (!Ulid.isValid(id) || !connections.delete(caller.id(), id)) {
      throw notFound(id);
    }
    log.info("User {} deleted connection {}", caller.id(), id);
  }

  /** The caller's connection to a provider, if any (for {@code /repository}). */
  public Optional<Connection> ofProvider(ApiUser caller, String providerId) {
    if (caller.isAnonymous()) {
      return Optional.empty();
    }
    return connections.ofUserAndProvider(caller.id(), providerId);
  }

  /** A user's connected connection to a provider, if any (no permission check: the caller's). */
  Optional<Connection> connectedOf(String userId, String providerId) {
    return connections.ofUserAndProvider(userId, providerId).filter(Connection::connected);
  }

  /**
   * The user's connected provider of a kind (e.g. {@code zenodo}) with a fresh access token, for
   * the deposits; empty when no such provider exists or the user has not connected it. Checks no
   * permission: the token is the user's own.
   */
  public Optional<KindAccess> accessForKind(String userId, String kind) {
    for (Provider p : providers.list()) {
      if (kind.equals(p.kind())) {
        Optional<Connection> c = connectedOf(userId, p.id());
        if (c.isPresent()) {
          return Optional.of(new KindAccess(p, fresh(userId, c.get().id()).accessToken()));
        }
      }
    }
    return Optional.empty();
  }

  /** A provider and the user's access token for it ({@code toString} hides the token). */
  public record KindAccess(Provider provider, String accessToken) {
    @Override
    public String toString() {
      return "KindAccess[" + provider.id() + "]";
    }
  }

  /** The caller's current access token of a connection, refreshed when it is about to expire. */
  public TokenSet token(ApiUser caller, String id) {
    Connection c = own(caller, id);
    return fresh(c.userId(), c.id());
  }

  public Account account(ApiUser caller, String id) {
    Connection c = own(caller, id);
    TokenSet t = fresh(c.userId(), c.id());
    Provider p = providers.get(c.providerId());
    ProviderEndpoints e = http.endpoints(p);
    Map<String, String> headers =
        ProviderKinds.GITHUB.equals(p.kind())
            ? Map.of("Accept", "application/vnd.github+json")
            : Map.of();
    var a = http.read(e.userInfoUrl(), t.accessToken(), e.userInfoPost(), headers);
    if (a.status() != 200 || a.body() == null) {
      throw new RenkuException(
          ErrorCode.UNAUTHORIZED,
          "The provider refused to tell the connected account.",
          "Please reconnect your integration for the service with ID " + p.id() + ".");
    }
    return accountOf(p, a.body());
  }

  public Installations installations(ApiUser caller, String id, int page, int perPage) {
    Connection c = own(caller, id);
    Provider p = providers.get(c.providerId());
    if (!p.isGithubApp()) {
      // Only GitHub Apps have installations; the original answers an empty list for the rest.
      return new Installations(List.of(), 0);
    }
    TokenSet t = fresh(c.userId(), c.id());
    String url =
        http.endpoints(p).apiUrl() + "user/installations?page=" + page + "&per_page=" + perPage;
    var a = http.read(url, t.accessToken(), false, Map.of("Accept", "application/vnd.github+json"));
    if (a.status() != 200 || a.body() == null) {
      throw RenkuException.forbidden(
          "You don't have the required permissions to perform this operation");
    }
    List<Installation> items = new ArrayList<>();
    for (JsonNode i : a.body().path("installations")) {
      String suspended = i.path("suspended_at").asString(null);
      items.add(
          new Installation(
              i.path("id").asLong(),
              i.path("account").path("login").asString(""),
              i.path("account").path("html_url").asString(""),
              i.path("repository_selection").asString("selected"),
              suspended == null ? null : java.time.OffsetDateTime.parse(suspended)));
    }
    return new Installations(items, a.body().path("total_count").asLong(items.size()));
  }

  /**
   * A refresh token for a session of the connection's owner, for {@code token_endpoint} (only its
   * digest is kept).
   */
  public String issueSessionToken(String userId, String connectionId) {
    return issueSessionToken(userId, connectionId, null);
  }

  /**
   * A refresh token handed to the session {@code sessionName} (its chain of rotated tokens is
   * revoked by {@link #revokeSessionTokens} when the session stops).
   */
  public String issueSessionToken(String userId, String connectionId, String sessionName) {
    connections
        .tokens(userId, connectionId)
        .orElseThrow(() -> RenkuException.notFound("The connection is not connected."));
    String token = randomToken();
    connections.addSessionToken(
        digest(token), connectionId, sessionName, Instant.now().plus(SESSION_TOKEN_LIFETIME));
    return token;
  }

  /** Revokes the refresh tokens handed to a session (it stopped); answers how many there were. */
  public int revokeSessionTokens(String sessionName) {
    int n = connections.deleteSessionTokens(sessionName);
    if (n > 0) {
      log.info("Revoked {} git refresh token(s) of session {}", n, sessionName);
    }
    return n;
  }

  /**
   * The token endpoint for sessions: a refresh token this platform issued for the connection (used
   * once) gives its current access token and a new refresh token; anything else is 401.
   */
  public SessionTokens tokenEndpoint(String connectionId, String grantType, String refreshToken) {
    if (!"refresh_token".equals(grantType)) {
      throw RenkuException.validation("grant_type", "must be refresh_token");
    }
    if (refreshToken == null || refreshToken.isBlank() || !Ulid.isValid(connectionId)) {
      throw invalidRefreshToken();
    }
    var owner =
        connections
            .takeSessionToken(digest(refreshToken), connectionId)
            .orElseThrow(ConnectionService::invalidRefreshToken);
    String userId = owner.userId();
    TokenSet t = fresh(userId, connectionId);
    // the next token belongs to the same session, so that its stop revokes the whole chain
    String next = issueSessionToken(userId, connectionId, owner.sessionName());
    long expiresIn =
        t.expiresAt() == null
            ? 0
            : Math.max(0, Duration.between(Instant.now(), t.expiresAt()).toSeconds());
    return new SessionTokens(t, next, expiresIn, SESSION_TOKEN_LIFETIME.toSeconds());
  }

  /**
   * The connection's tokens, refreshed when they expire within the leeway. The refresh happens with
   * the row locked ({@code FOR UPDATE}) and after reading it again: a request that waited for the
   * lock finds the token another one refreshed and does not refresh it again.
   */
  TokenSet fresh(String userId, String connectionId) {
    var stored =
        connections
            .tokens(userId, connectionId)
            .orElseThrow(
                () ->
                    RenkuException.forbidden(
                        "The connection is not connected; please connect it again."));
    TokenSet t = vault.openTokens(userId, stored.sealed());
    if (!t.expiresWithin(Instant.now(), REFRESH_LEEWAY_SECONDS)) {
      return t;
    }
    return tx.execute(
        status -> {
          var locked =
              connections
                  .tokensForUpdate(userId, connectionId)
                  .orElseThrow(() -> notFound(connectionId));
          TokenSet current = vault.openTokens(userId, locked.sealed());
          if (!current.expiresWithin(Instant.now(), REFRESH_LEEWAY_SECONDS)) {
            return current; // refreshed by another request while this one waited
          }
          if (current.refreshToken() == null) {
            throw new RenkuException(
                ErrorCode.UNAUTHORIZED,
                "The token of the connected service has expired.",
                "Please reconnect your integration for the service with ID "
                    + locked.connection().providerId()
                    + ".");
          }
          Provider p = providers.get(locked.connection().providerId());
          TokenSet renewed =
              http.tokenRequest(
                  p,
                  providers.clientSecret(p),
                  Map.of("grant_type", "refresh_token", "refresh_token", current.refreshToken()),
                  current);
          connections.storeTokens(
              connectionId, vault.sealTokens(userId, renewed), renewed.expiresAt(), false);
          log.info("Refreshed the access token of connection {}", connectionId);
          return renewed;
        });
  }

  private Connection own(ApiUser caller, String id) {
    if (caller.isAnonymous() || !Ulid.isValid(id)) {
      throw notFound(id);
    }
    return connections.get(caller.id(), id).orElseThrow(() -> notFound(id));
  }

  private static Account accountOf(Provider p, JsonNode b) {
    return switch (p.kind()) {
      case ProviderKinds.GITLAB ->
          new Account(b.path("username").asString(""), b.path("web_url").asString(""));
      case ProviderKinds.GITHUB ->
          new Account(b.path("login").asString(""), b.path("html_url").asString(""));
      case ProviderKinds.GOOGLE, ProviderKinds.DROPBOX ->
          new Account(b.path("email").asString(""), "");
      case ProviderKinds.ZENODO -> {
        String owner = b.isArray() && !b.isEmpty() ? b.get(0).path("owner").asString("") : "";
        yield new Account(owner.isEmpty() ? "Zenodo user" : "Zenodo user ID: " + owner, "");
      }
      default -> {
        // OpenID Connect standard claims, as the original picks them.
        String name = b.path("preferred_username").asString("");
        if (name.isEmpty()) {
          name = b.path("name").asString("");
        }
        if (name.isEmpty()) {
          name = b.path("sub").asString("");
        }
        yield new Account(name, "");
      }
    };
  }

  private static String randomToken() {
    byte[] b = new byte[32];
    RandomBytes.fill(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String s256(String verifier) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] digest(String token) {
    return sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] in) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private RenkuException forbidden() {
    return RenkuException.forbidden("You do not have the required permissions for this operation.");
  }

  private static RenkuException invalidRefreshToken() {
    return RenkuException.unauthorized("The refresh token is not valid.");
  }

  private static RenkuException notFound(String id) {
    return RenkuException.notFound("OAuth2 connection '" + id + "' does not exist.");
  }
}

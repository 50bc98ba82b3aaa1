package io.renku.data.api;

import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.connectedservice.ConnectionService;
import io.renku.data.connectedservice.RepositoryService;
import io.renku.data.session.runtime.container.RepositoryCloner;
import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestGitServer;
import io.renku.data.support.TestOAuthProvider;
import io.renku.data.support.TestUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Connected services (issue 22) against real counterparts on loopback: {@link TestOAuthProvider} (a
 * small OAuth2/OIDC authorization server started here; PKCE S256, basic client credentials,
 * rotating refresh tokens) and {@link TestGitServer} (Debian's {@code git http-backend} behind a
 * server that checks the provider's access tokens). The browser's part of the flow (following the
 * redirects) is done by hand, as the gateway would hand the callback to the data service.
 */
class ConnectedServicesApiTest extends ApiTest {
  private static final HttpClient NO_REDIRECTS = HttpClient.newHttpClient();
  private static TestOAuthProvider oauth;
  private static TestGitServer git;

  @Autowired JdbcClient jdbc;
  @Autowired ConnectionService connectionService;
  @Autowired RepositoryService repositoryService;

  /** Every answer body seen, to check that no secret was ever part of one. */
  private final List<String> answers = new ArrayList<>();

  @BeforeAll
  static void servers() {
    oauth = new TestOAuthProvider();
    git =
        new TestGitServer(Set.of("private.git", "public.git"), Set.of("public.git"), oauth::valid);
  }

  @AfterAll
  static void stop() {
    git.close();
    oauth.close();
  }

  private Api.Response seen(Api.Response r) {
    answers.add(r.body() + r.headers());
    return r;
  }

  private String createProvider(TestUser admin) {
    String id = "git-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("kind", "generic_oidc");
    body.put("client_id", TestOAuthProvider.CLIENT_ID);
    body.put("client_secret", TestOAuthProvider.CLIENT_SECRET);
    body.put("display_name", "Test git");
    body.put("scope", "openid read_repository");
    body.put("url", git.base());
    body.put("use_pkce", true);
    body.put("oidc_issuer_url", oauth.issuer());
    var r = seen(api.as(admin).post("oauth2/providers", body));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().has("client_secret")).isFalse();
    return id;
  }

  /** The whole flow for {@code user}: authorize, the provider's page, the callback. */
  private String connect(TestUser user, String providerId) throws Exception {
    var start =
        seen(
            api.as(user)
                .get("oauth2/providers/" + providerId + "/authorize?next_url=%2Fp%2Fafter"));
    assertThat(start.status()).as(start.body()).isEqualTo(302);
    URI toProvider = URI.create(start.header("location"));
    Map<String, String> q = TestOAuthProvider.query(toProvider);
    assertThat(toProvider.toString()).startsWith(oauth.issuer() + "/authorize?");
    assertThat(q.get("code_challenge_method")).isEqualTo("S256");
    assertThat(q.get("redirect_uri")).isEqualTo("http://renku.test/api/data/oauth2/callback");
    assertThat(q.get("state")).hasSizeGreaterThan(30);

    // The provider approves and sends the browser back to the platform.
    HttpResponse<String> approved =
        NO_REDIRECTS.send(
            HttpRequest.newBuilder(toProvider).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(approved.statusCode()).isEqualTo(302);
    URI back = URI.create(approved.headers().firstValue("location").orElseThrow());
    String callback = "oauth2/callback?" + back.getRawQuery();

    // Someone else who gets hold of the link cannot finish the user's flow (and does not burn it).
    TestUser intruder = TestUser.random("csintruder");
    register(api, intruder);
    assertThat(seen(api.as(intruder).get(callback)).status()).isEqualTo(403);
    assertThat(seen(api.anonymous().get(callback)).status()).isEqualTo(403);

    var done = seen(api.as(user).get(callback));
    assertThat(done.status()).as(done.body()).isEqualTo(302);
    assertThat(done.header("location")).isEqualTo("http://renku.test/p/after");
    // The state is single-use.
    assertThat(seen(api.as(user).get(callback)).status()).isEqualTo(403);

    var list = seen(api.as(user).get("oauth2/connections"));
    JsonNode c = null;
    for (JsonNode n : list.json()) {
      if (n.path("provider_id").asString().equals(providerId)) {
        c = n;
      }
    }
    assertThat(c).as(list.body()).isNotNull();
    assertThat(c.path("status").asString()).isEqualTo("connected");
    return c.path("id").asString();
  }

  @Test
  void fullFlowTokensAccountAndOwnership() throws Exception {
    TestUser admin = TestUser.randomAdmin("csadmin");
    TestUser user = TestUser.random("csuser");
    TestUser other = TestUser.random("csother");
    register(api, admin);
    register(api, user);
    register(api, other);
    String provider = createProvider(admin);
    oauth.subject("octo-" + user.id().substring(0, 6));

    String id = connect(user, provider);
    var token = seen(api.as(user).get("oauth2/connections/" + id + "/token"));
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    String access = token.field("access_token");
    assertThat(oauth.valid(access)).isTrue();
    assertThat(token.json().has("refresh_token")).isFalse();
    assertThat(token.json().path("expires_at_iso").asString()).isNotEmpty();

    var account = seen(api.as(user).get("oauth2/connections/" + id + "/account"));
    assertThat(account.status()).as(account.body()).isEqualTo(200);
    assertThat(account.field("username")).isEqualTo("octo-" + user.id().substring(0, 6));

    var inst = seen(api.as(user).get("oauth2/connections/" + id + "/installations"));
    assertThat(inst.status()).as(inst.body()).isEqualTo(200);
    assertThat(inst.json().size()).isZero();
    assertThat(inst.header("total")).isEqualTo("0");

    // Tokens are stored encrypted: neither the access token nor the client secret in clear.
    byte[] stored =
        jdbc.sql("SELECT token FROM connected_services.oauth2_connections WHERE id = :id")
            .param("id", id)
            .query(byte[].class)
            .single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(access);
    byte[] secret =
        jdbc.sql("SELECT client_secret FROM connected_services.oauth2_clients WHERE id = :id")
            .param("id", provider)
            .query(byte[].class)
            .single();
    assertThat(new String(secret, StandardCharsets.ISO_8859_1))
        .doesNotContain(TestOAuthProvider.CLIENT_SECRET);

    // Another user's connection does not exist for them.
    for (String path : List.of("", "/token", "/account", "/installations")) {
      var r = seen(api.as(other).get("oauth2/connections/" + id + path));
      assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(404);
    }
    assertThat(seen(api.as(other).delete("oauth2/connections/" + id)).status()).isEqualTo(404);
    assertThat(seen(api.as(other).get("oauth2/connections")).json().size()).isZero();
    assertThat(seen(api.anonymous().get("oauth2/connections/" + id + "/token")).status())
        .isEqualTo(404);

    // A session's token endpoint: a refresh token issued for the connection, used once.
    String sessionRefresh = connectionService.issueSessionToken(user.id(), id);
    var te =
        seen(
            api.anonymous()
                .post(
                    "oauth2/connections/" + id + "/token_endpoint",
                    Map.of("grant_type", "refresh_token", "refresh_token", sessionRefresh)));
    assertThat(te.status()).as(te.body()).isEqualTo(200);
    assertThat(oauth.valid(te.field("access_token"))).isTrue();
    assertThat(te.field("refresh_token")).isNotEqualTo(sessionRefresh);
    var reused =
        api.anonymous()
            .post(
                "oauth2/connections/" + id + "/token_endpoint",
                Map.of("grant_type", "refresh_token", "refresh_token", sessionRefresh));
    assertThat(reused.status()).as(reused.body()).isEqualTo(401);

    // Deleting it removes it.
    assertThat(seen(api.as(user).delete("oauth2/connections/" + id)).status()).isEqualTo(204);
    assertThat(seen(api.as(user).get("oauth2/connections/" + id + "/token")).status())
        .isEqualTo(404);

    assertNoSecretAnswered();
  }

  @Test
  void concurrentRequestsRefreshAnExpiringTokenOnce() throws Exception {
    TestUser admin = TestUser.randomAdmin("csradmin");
    TestUser user = TestUser.random("csruser");
    register(api, admin);
    register(api, user);
    String provider = createProvider(admin);
    oauth.expiresIn(30); // within the service's refresh leeway (60 s): due for a refresh at once
    String id;
    try {
      id = connect(user, provider);
    } finally {
      oauth.expiresIn(3600);
    }
    String first = jdbcToken(id);
    int before = oauth.refreshes();
    Api as = api.as(user);
    List<Callable<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> as.get("oauth2/connections/" + id + "/token"));
    }
    List<String> tokens = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<Api.Response> f : pool.invokeAll(calls)) {
        var r = seen(f.get());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        tokens.add(r.field("access_token"));
      }
    }
    assertThat(oauth.refreshes() - before).as("refreshes at the provider").isEqualTo(1);
    assertThat(Set.copyOf(tokens)).hasSize(1);
    assertThat(oauth.valid(tokens.get(0))).isTrue();
    assertThat(jdbcToken(id)).isNotEqualTo(first);
    assertNoSecretAnswered();
  }

  private String jdbcToken(String id) {
    return java.util.HexFormat.of()
        .formatHex(
            jdbc.sql("SELECT token FROM connected_services.oauth2_connections WHERE id = :id")
                .param("id", id)
                .query(byte[].class)
                .single());
  }

  @Test
  void onlyAdminsWriteProvidersAndSecretsAreWriteOnly() {
    TestUser admin = TestUser.randomAdmin("cspadmin");
    TestUser user = TestUser.random("cspuser");
    register(api, admin);
    register(api, user);
    String id = createProvider(admin);

    Map<String, Object> body =
        Map.of(
            "id", "x-" + UUID.randomUUID().toString().substring(0, 8),
            "kind", "gitlab",
            "client_id", "c",
            "client_secret", "s3cr3t-by-user",
            "display_name", "x",
            "scope", "api",
            "url", "https://gitlab.example.org");
    assertThat(seen(api.as(user).post("oauth2/providers", body)).status()).isEqualTo(403);
    assertThat(seen(api.anonymous().post("oauth2/providers", body)).status()).isEqualTo(401);
    assertThat(seen(api.as(user).patch("oauth2/providers/" + id, Map.of("scope", "x"))).status())
        .isEqualTo(403);
    assertThat(seen(api.as(user).delete("oauth2/providers/" + id)).status()).isEqualTo(403);
    assertThat(seen(api.as(user).get("oauth2/providers/" + id)).status()).isEqualTo(200);

    // Bad input: 422 naming the field; a taken id: 409.
    var badKind = seen(api.as(admin).post("oauth2/providers", Map.of("id", "y", "kind", "svn")));
    assertThat(badKind.status()).as(badKind.body()).isEqualTo(422);
    Map<String, Object> badUrl = new LinkedHashMap<>(body);
    badUrl.put("url", "file:///etc/passwd");
    var bu = seen(api.as(admin).post("oauth2/providers", badUrl));
    assertThat(bu.status()).as(bu.body()).isEqualTo(422);
    assertThat(bu.body()).contains("url");
    Map<String, Object> taken = new LinkedHashMap<>(body);
    taken.put("id", id);
    assertThat(seen(api.as(admin).post("oauth2/providers", taken)).status()).isEqualTo(409);

    var patched =
        seen(
            api.as(admin)
                .patch(
                    "oauth2/providers/" + id,
                    Map.of("display_name", "Renamed", "client_secret", "another-secret-123")));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.field("display_name")).isEqualTo("Renamed");
    assertThat(patched.json().has("client_secret")).isFalse();
    assertThat(seen(api.anonymous().get("oauth2/providers")).body())
        .doesNotContain("another-secret-123")
        .doesNotContain("client_secret");

    assertThat(seen(api.as(admin).delete("oauth2/providers/" + id)).status()).isEqualTo(204);
    assertThat(seen(api.as(admin).get("oauth2/providers/" + id)).status()).isEqualTo(404);
    assertThat(seen(api.as(admin).delete("oauth2/providers/" + id)).status()).isEqualTo(204);
    assertThat(String.join("\n", answers)).doesNotContain("another-secret-123");
    assertNoSecretAnswered();
  }

  @Test
  void openRedirectsAreRefused() {
    TestUser admin = TestUser.randomAdmin("csoadmin");
    TestUser user = TestUser.random("csouser");
    register(api, admin);
    register(api, user);
    String id = createProvider(admin);
    for (String next :
        List.of(
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "javascript:alert(1)",
            "http://renku.test.evil.example/",
            "http://renku.test@evil.example/",
            "http://user@renku.test/",
            "https://renku.test/",
            "http://renku.test:8080/",
            "relative/path")) {
      var r =
          seen(
              api.as(user)
                  .get(
                      "oauth2/providers/"
                          + id
                          + "/authorize?next_url="
                          + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8)));
      assertThat(r.status()).as(next + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).contains("next_url");
    }
    var same =
        seen(
            api.as(user)
                .get("oauth2/providers/" + id + "/authorize?next_url=http%3A%2F%2Frenku.test%2Fx"));
    assertThat(same.status()).as(same.body()).isEqualTo(302);
    // A provider's refusal goes back to the user's own page, with the provider's error.
    String state = TestOAuthProvider.query(URI.create(same.header("location"))).get("state");
    var denied =
        seen(
            api.as(user)
                .get(
                    "oauth2/callback?error=access_denied&error_description=no&state="
                        + enc(state)));
    assertThat(denied.status()).as(denied.body()).isEqualTo(302);
    assertThat(denied.header("location"))
        .isEqualTo("http://renku.test/x?error=access_denied&error_description=no");
    // Anonymous callers cannot start a flow.
    assertThat(seen(api.anonymous().get("oauth2/providers/" + id + "/authorize")).status())
        .isEqualTo(401);
  }

  @Test
  void repositoryProbesWithTheUsersConnection() throws Exception {
    TestUser admin = TestUser.randomAdmin("csgadmin");
    TestUser user = TestUser.random("csguser");
    TestUser other = TestUser.random("csgother");
    register(api, admin);
    register(api, user);
    register(api, other);
    String provider = createProvider(admin);
    String id = connect(user, provider);

    String priv = git.base() + "/private.git";
    var mine = seen(api.as(user).get("repository?url=" + enc(priv)));
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    JsonNode m = mine.json();
    assertThat(m.path("status").asString()).as(mine.body()).isEqualTo("valid");
    assertThat(m.path("provider").path("id").asString()).isEqualTo(provider);
    assertThat(m.path("connection").path("id").asString()).isEqualTo(id);
    assertThat(m.path("metadata").path("pull_permission").asBoolean()).isTrue();
    assertThat(m.path("metadata").path("push_permission").asBoolean()).isTrue();
    assertThat(m.path("metadata").path("visibility").asString()).isEqualTo("private");
    assertThat(m.path("metadata").path("git_url").asString()).isEqualTo(priv);

    var notMine = seen(api.as(other).get("repository?url=" + enc(priv + "/")));
    JsonNode n = notMine.json();
    assertThat(n.path("status").asString()).as(notMine.body()).isEqualTo("invalid");
    assertThat(n.path("error_code").asString()).isEqualTo("metadata_unauthorized");
    // Not connected: one of the providers serving the host (other tests of the class add more for
    // the same git server, so which one is not fixed).
    String served = n.path("provider").path("id").asString();
    assertThat(api.as(other).get("oauth2/providers/" + served).json().path("url").asString())
        .isEqualTo(git.base());
    assertThat(n.has("connection")).isFalse();

    var pub = seen(api.anonymous().get("repository?url=" + enc(git.base() + "/public.git")));
    JsonNode p = pub.json();
    assertThat(p.path("status").asString()).as(pub.body()).isEqualTo("valid");
    assertThat(p.path("metadata").path("visibility").asString()).isEqualTo("public");
    assertThat(p.path("metadata").path("push_permission").asBoolean()).isFalse();

    // A session's clone of the private repository gets the owner's token, and only theirs; the
    // token stays out of the clone's configuration.
    RepositoryCloner cloner =
        new RepositoryCloner(Path.of("/usr/bin/git"), true, repositoryService::gitAuthorization);
    Path into = Files.createTempDirectory("renku-test-clone");
    var cloned = cloner.cloneAll(List.of(priv), into, line -> {}, user.id()).get(0);
    assertThat(cloned.cloned()).as(cloned.message()).isTrue();
    assertThat(into.resolve("private/README.md")).exists();
    String config = Files.readString(into.resolve("private/.git/config"));
    assertThat(config).doesNotContain("Authorization").doesNotContain("at-");
    Path theirs = Files.createTempDirectory("renku-test-clone");
    assertThat(cloner.cloneAll(List.of(priv), theirs, line -> {}, other.id()).get(0).cloned())
        .isFalse();
    assertThat(cloner.cloneAll(List.of(priv), theirs, line -> {}).get(0).cloned()).isFalse();
    assertThat(repositoryService.gitAuthorization(user.id(), oauth.issuer() + "/private.git"))
        .as("no provider's host: no token")
        .isEmpty();

    var missing = seen(api.as(user).get("repository?url=" + enc(git.base() + "/nothing.git")));
    assertThat(missing.json().path("status").asString()).isEqualTo("invalid");

    // A host that is no provider's: loopback and other internal addresses are never probed.
    for (String internal :
        List.of(
            oauth.issuer() + "/private.git",
            "http://localhost:1/x.git",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:1/x.git")) {
      var r = seen(api.as(user).get("repository?url=" + enc(internal)));
      assertThat(r.status()).as(internal).isEqualTo(200);
      assertThat(r.json().path("status").asString()).isEqualTo("invalid");
      assertThat(r.json().path("error_code").asString()).as(internal).isEqualTo("invalid_git_url");
    }
    Map<String, String> errors =
        Map.of(
            "ftp://example.org/x.git", "invalid_url_scheme",
            "example.org/x.git", "no_url_scheme",
            "http://user:pw@example.org/x.git", "invalid_git_url");
    errors.forEach(
        (url, code) -> {
          var r = seen(api.as(user).get("repository?url=" + enc(url)));
          assertThat(r.json().path("error_code").asString()).as(url).isEqualTo(code);
        });
    assertNoSecretAnswered();
  }

  private void assertNoSecretAnswered() {
    String all = String.join("\n", answers);
    assertThat(all).doesNotContain(TestOAuthProvider.CLIENT_SECRET);
    for (String refresh : oauth.issuedRefreshTokens()) {
      assertThat(all).doesNotContain(refresh);
    }
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package io.renku.data.api;

import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.connectedservice.RepositoryService;
import io.renku.data.connectedservice.SessionGitGrant;
import io.renku.data.session.runtime.SessionGitCredentials;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestGitServer;
import io.renku.data.support.TestOAuthProvider;
import io.renku.data.support.TestUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * git credentials of a connected service inside a session (decision 0040), end to end on loopback:
 * the session's directory as the runtimes write it ({@link SessionGitCredentials}), the real
 * credential helper script run by a real {@code git} with the session's {@code GIT_CONFIG_*}
 * variables, the data service's real token endpoint, {@link TestOAuthProvider} and {@link
 * TestGitServer} ({@code git http-backend} that checks the provider's access tokens). The session's
 * container is left out (a process plays it: the same script, files and variables): podman under
 * this machine's load is what the container runtime's own tests exercise.
 */
class SessionGitCredentialsApiTest extends ApiTest {
  private static final HttpClient NO_REDIRECTS = HttpClient.newHttpClient();
  private static TestOAuthProvider oauth;
  private static TestGitServer git;

  @Autowired RepositoryService repositories;

  @BeforeAll
  static void servers() {
    oauth = new TestOAuthProvider();
    git = new TestGitServer(Set.of("private.git"), Set.of(), oauth::valid);
  }

  @AfterAll
  static void stop() {
    git.close();
    oauth.close();
  }

  @Test
  void aSessionPullsAndPushesAPrivateRepositoryThroughTheHelper() throws Exception {
    TestUser admin = TestUser.randomAdmin("sgadmin");
    TestUser user = TestUser.random("sguser");
    register(api, admin);
    register(api, user);
    createProvider(admin);
    oauth.subject("sg-" + user.id().substring(0, 6));
    String connection = connect(user);
    String repo = git.base() + "/private.git";
    String session = "sgsession" + UUID.randomUUID().toString().substring(0, 8);

    // Another host's repository gets nothing; the provider's one a grant of the owner's connection.
    List<SessionGitGrant> grants =
        repositories.sessionGitGrants(
            user.id(), session, List.of(repo, "https://example.org/public.git"));
    assertThat(grants).hasSize(1);
    assertThat(grants.getFirst().urlPrefix()).isEqualTo(git.base());
    assertThat(grants.getFirst().connectionId()).isEqualTo(connection);
    assertThat(grants.getFirst().toString()).doesNotContain(grants.getFirst().refreshToken());
    // A user without a connection gets none.
    assertThat(repositories.sessionGitGrants(admin.id(), "other", List.of(repo))).isEmpty();

    Path home = Files.createTempDirectory("renku-test-session-home");
    Path creds = home.resolve("git-credentials");
    List<SessionGitCredentials.Grant> sessionGrants = asRuntimeGrants(grants);
    SessionGitCredentials.write(creds, sessionGrants, "http://127.0.0.1:" + port + "/api/data");
    Path tokenFile = creds.resolve(connection + ".token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("r--------");
    Map<String, String> vars = SessionGitCredentials.gitVariables(sessionGrants, creds.toString());
    assertThat(vars)
        .containsEntry("GIT_CONFIG_COUNT", "1")
        .containsEntry("GIT_CONFIG_KEY_0", "credential." + git.base() + ".helper");
    assertThat(String.join(" ", vars.values())).doesNotContain(grants.getFirst().refreshToken());

    // Without the helper the repository is private.
    Ran anonymous = gitIn(home, Map.of(), "clone", "--quiet", repo, "anon");
    assertThat(anonymous.exit()).as(anonymous.output()).isNotZero();

    // Clone, commit, push and pull with the helper, as in a session's terminal.
    String first = Files.readString(tokenFile);
    Ran cloned = gitIn(home, vars, "clone", "--quiet", repo, "work");
    assertThat(cloned.exit()).as(cloned.output()).isZero();
    String second = Files.readString(tokenFile);
    assertThat(second).as("the helper keeps the rotated refresh token").isNotEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("r--------");
    Path work = home.resolve("work");
    Files.writeString(work.resolve("analysis.txt"), "result\n");
    assertThat(gitIn(work, vars, "add", "analysis.txt").exit()).isZero();
    assertThat(
            gitIn(
                    work,
                    vars,
                    "-c",
                    "user.name=u",
                    "-c",
                    "user.email=u@example.org",
                    "commit",
                    "-qm",
                    "x")
                .exit())
        .isZero();
    Ran pushed = gitIn(work, vars, "push", "--quiet", "origin", "main");
    assertThat(pushed.exit()).as(pushed.output()).isZero();
    Ran pulled = gitIn(work, vars, "pull", "--quiet");
    assertThat(pulled.exit()).as(pulled.output()).isZero();
    // Nothing of the credentials ends up in the clone's configuration.
    String config = Files.readString(work.resolve(".git/config"));
    assertThat(config).doesNotContain(Files.readString(tokenFile)).doesNotContain("extraheader");

    // Another user's session cannot use this session's token with their own connection id,
    // nor an old (used) token of this one.
    TestUser other = TestUser.random("sgother");
    register(api, other);
    String otherConnection = connect(other);
    var stolen =
        api.anonymous()
            .post(
                "oauth2/connections/" + otherConnection + "/token_endpoint",
                Map.of(
                    "grant_type", "refresh_token", "refresh_token", Files.readString(tokenFile)));
    assertThat(stolen.status()).isEqualTo(401);
    var used =
        api.anonymous()
            .post(
                "oauth2/connections/" + connection + "/token_endpoint",
                Map.of("grant_type", "refresh_token", "refresh_token", first));
    assertThat(used.status()).isEqualTo(401);
    // The other user's session with a copy of this directory but their own connection: refused.
    Path copied = Files.createTempDirectory("renku-test-session-other").resolve("git-credentials");
    SessionGitCredentials.write(
        copied,
        List.of(
            new SessionGitCredentials.Grant(
                git.base(), otherConnection, "oauth2", Files.readString(tokenFile))),
        "http://127.0.0.1:" + port + "/api/data");
    Ran foreign =
        gitIn(
            home,
            SessionGitCredentials.gitVariables(
                List.of(
                    new SessionGitCredentials.Grant(git.base(), otherConnection, "oauth2", "x")),
                copied.toString()),
            "clone",
            "--quiet",
            repo,
            "foreign");
    assertThat(foreign.exit()).as(foreign.output()).isNotZero();

    // The session stops: its tokens (the whole rotated chain) are revoked; git fails again.
    repositories.revokeSessionGitGrants(session);
    Ran afterStop = gitIn(work, vars, "pull", "--quiet");
    assertThat(afterStop.exit()).as(afterStop.output()).isNotZero();
    var revoked =
        api.anonymous()
            .post(
                "oauth2/connections/" + connection + "/token_endpoint",
                Map.of(
                    "grant_type", "refresh_token", "refresh_token", Files.readString(tokenFile)));
    assertThat(revoked.status()).isEqualTo(401);
    // git's output never showed the tokens.
    for (Ran r : List.of(cloned, pushed, pulled, afterStop)) {
      assertThat(r.output()).doesNotContain(first).doesNotContain(second);
    }
  }

  @Test
  void aClusterSessionKeepsTheRotatedTokenOutsideItsReadOnlySecret() throws Exception {
    TestUser admin = TestUser.randomAdmin("sgcadmin");
    TestUser user = TestUser.random("sgcuser");
    register(api, admin);
    register(api, user);
    createProvider(admin);
    String connection = connect(user);
    String repo = git.base() + "/private.git";
    String session = "sgcluster" + UUID.randomUUID().toString().substring(0, 8);
    List<SessionGitCredentials.Grant> grants =
        asRuntimeGrants(repositories.sessionGitGrants(user.id(), session, List.of(repo)));

    // The Secret's files as the kubelet mounts them: read-only, the helper executable.
    Path home = Files.createTempDirectory("renku-test-cluster-home");
    Path secret = home.resolve("secret");
    Files.createDirectories(secret);
    for (var e :
        SessionGitCredentials.secretData(grants, "http://127.0.0.1:" + port + "/api/data")
            .entrySet()) {
      Path f = secret.resolve(e.getKey());
      Files.writeString(f, e.getValue());
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r-xr-x---"));
    }
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r-xr-x---"));
    Path state = Files.createDirectories(home.resolve("state"));
    Map<String, String> vars =
        new LinkedHashMap<>(SessionGitCredentials.gitVariables(grants, secret.toString()));
    vars.put(SessionGitCredentials.STATE_VARIABLE, state.toString());
    String seed = Files.readString(secret.resolve(connection + ".token"));

    Ran cloned = gitIn(home, vars, "clone", "--quiet", repo, "work");
    assertThat(cloned.exit()).as(cloned.output()).isZero();
    Ran pulled = gitIn(home.resolve("work"), vars, "pull", "--quiet");
    assertThat(pulled.exit()).as(pulled.output()).isZero();
    assertThat(Files.readString(state.resolve(connection + ".token"))).isNotEqualTo(seed);

    // The pod restarts (its emptyDir is gone) after a pause: the used seed is worthless.
    repositories.revokeSessionGitGrants(session);
    Files.delete(state.resolve(connection + ".token"));
    Ran again = gitIn(home.resolve("work"), vars, "pull", "--quiet");
    assertThat(again.exit()).as(again.output()).isNotZero();
  }

  private static List<SessionGitCredentials.Grant> asRuntimeGrants(List<SessionGitGrant> grants) {
    List<SessionGitCredentials.Grant> out = new ArrayList<>();
    for (SessionGitGrant g : grants) {
      out.add(
          new SessionGitCredentials.Grant(
              g.urlPrefix(), g.connectionId(), g.username(), g.refreshToken()));
    }
    return out;
  }

  private record Ran(int exit, String output) {}

  /** git as a session runs it: the session's variables, no other configuration. */
  private static Ran gitIn(Path dir, Map<String, String> vars, String... args)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().putAll(vars);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(p.exitValue(), out);
  }

  private void createProvider(TestUser admin) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", "sg-" + UUID.randomUUID().toString().substring(0, 8));
    body.put("kind", "generic_oidc");
    body.put("client_id", TestOAuthProvider.CLIENT_ID);
    body.put("client_secret", TestOAuthProvider.CLIENT_SECRET);
    body.put("display_name", "Session git");
    body.put("scope", "openid");
    body.put("url", git.base());
    body.put("use_pkce", true);
    body.put("oidc_issuer_url", oauth.issuer());
    var r = api.as(admin).post("oauth2/providers", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    providerId = r.field("id");
  }

  private String providerId;

  /** The authorization flow for {@code user}; answers the connection's id. */
  private String connect(TestUser user) throws Exception {
    var start = api.as(user).get("oauth2/providers/" + providerId + "/authorize");
    assertThat(start.status()).as(start.body()).isEqualTo(302);
    HttpResponse<String> approved =
        NO_REDIRECTS.send(
            HttpRequest.newBuilder(URI.create(start.header("location"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(approved.statusCode()).isEqualTo(302);
    URI back = URI.create(approved.headers().firstValue("location").orElseThrow());
    var done = api.as(user).get("oauth2/callback?" + back.getRawQuery());
    assertThat(done.status()).as(done.body()).isIn(200, 302);
    for (var c : api.as(user).get("oauth2/connections").json()) {
      if (c.path("provider_id").asString().equals(providerId)) {
        assertThat(c.path("status").asString()).isEqualTo("connected");
        return c.path("id").asString();
      }
    }
    throw new AssertionError("no connection");
  }
}

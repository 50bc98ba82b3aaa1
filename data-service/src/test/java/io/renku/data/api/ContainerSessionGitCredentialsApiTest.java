package io.renku.data.api;

import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.connectedservice.RepositoryService;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.SessionGitCredentials;
import io.renku.data.session.runtime.SessionSpec;
import io.renku.data.session.runtime.container.ContainerRuntime;
import io.renku.data.session.runtime.container.EngineFacts;
import io.renku.data.session.runtime.container.RepositoryCloner;
import io.renku.data.session.runtime.container.TestEngine;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestGitServer;
import io.renku.data.support.TestOAuthProvider;
import io.renku.data.support.TestUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole path inside a real container session (decision 0040): the container runtime with this
 * machine's podman and the default Jupyter image (git and python3 in it), the owner's connection
 * issued by the real {@link RepositoryService}, the helper calling the data service's token
 * endpoint at {@code host.containers.internal}, and {@code git http-backend} that checks the
 * provider's tokens, reachable from the container. In the session, {@code git clone} and {@code git
 * push} of the private repository work; after the session is paused its token is refused.
 */
class ContainerSessionGitCredentialsApiTest extends ApiTest {
  private static final HttpClient NO_REDIRECTS = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static TestOAuthProvider oauth;
  private static TestGitServer git;

  @Autowired RepositoryService repositories;

  @BeforeAll
  static void servers() {
    oauth = new TestOAuthProvider();
    // on every interface: the session reaches it through podman's bridge
    git = new TestGitServer(Set.of("private.git"), Set.of(), oauth::valid, "0.0.0.0");
  }

  @AfterAll
  static void stop() {
    git.close();
    oauth.close();
  }

  @Test
  void gitInTheSessionClonesAndPushesThePrivateRepository() throws Exception {
    TestUser admin = TestUser.randomAdmin("cgadmin");
    TestUser user = TestUser.random("cguser");
    register(api, admin);
    register(api, user);
    String gitHost = "http://host.containers.internal:" + git.port();
    String providerId = createProvider(admin, gitHost);
    String connection = connect(user, providerId);
    String repo = gitHost + "/private.git";

    SessionGitCredentials.Issuer issuer =
        new SessionGitCredentials.Issuer() {
          @Override
          public List<SessionGitCredentials.Grant> issue(
              String ownerId, String sessionName, List<String> urls) {
            return repositories.sessionGitGrants(ownerId, sessionName, urls).stream()
                .map(
                    g ->
                        new SessionGitCredentials.Grant(
                            g.urlPrefix(), g.connectionId(), g.username(), g.refreshToken()))
                .toList();
          }

          @Override
          public void revoke(String sessionName) {
            repositories.revokeSessionGitGrants(sessionName);
          }
        };
    Path root = Files.createTempDirectory("renku-test-git-containers");
    ContainerRuntime runtime =
        new ContainerRuntime(
            TestEngine.podman(),
            new ContainerRuntime.Settings(
                root,
                WAIT,
                Duration.ofSeconds(30),
                TestEngine.setup().facts().limits().stream()
                    .map(EngineFacts.Limit::controller)
                    .collect(Collectors.toSet()),
                ContainerRuntime.hasInit(),
                0,
                ContainerRuntime.cgroupParent(TestEngine.setup().facts())),
            // the platform's own clone cannot resolve podman's host name: the session clones
            new RepositoryCloner(Path.of("/usr/bin/git"), true),
            null,
            null,
            issuer,
            "http://host.containers.internal:" + port + "/api/data");
    String name = "cgit-" + UUID.randomUUID().toString().substring(0, 8);
    String script =
        String.join(
            "\n",
            "export HOME=/tmp/home && mkdir -p $HOME && cd $HOME",
            "git clone --quiet " + repo + " work && echo cloned=yes",
            "cd work && echo from-the-session > session.txt && git add session.txt",
            "git -c user.name=s -c user.email=s@example.org commit -qm session",
            "git push --quiet origin main 2>&1 && echo pushed=yes",
            "git pull --quiet 2>&1 && echo pulled=yes",
            "exec python3 -m http.server $RENKU_SESSION_PORT");
    try {
      runtime.start(spec(name, user.id(), script, List.of(repo)));
      awaitRunning(runtime, name);
      Instant deadline = Instant.now().plus(WAIT);
      String logs = runtime.logs(name, 300);
      while (!logs.contains("pulled=yes") && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
        logs = runtime.logs(name, 300);
      }
      assertThat(logs).contains("cloned=yes", "pushed=yes", "pulled=yes");

      Path tokenFile = root.resolve("git-credentials").resolve(name).resolve(connection + ".token");
      String rotated = Files.readString(tokenFile);

      runtime.hibernate(name);
      var refused =
          api.anonymous()
              .post(
                  "oauth2/connections/" + connection + "/token_endpoint",
                  Map.of("grant_type", "refresh_token", "refresh_token", rotated));
      assertThat(refused.status()).as("the paused session's token").isEqualTo(401);
    } finally {
      runtime.delete(name);
      runtime.close();
    }
  }

  private static void awaitRunning(ContainerRuntime runtime, String name)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      var s = runtime.status(name);
      if (s.state() == RuntimeState.RUNNING) {
        return;
      }
      if (s.state() == RuntimeState.FAILED) {
        throw new AssertionError(name + " failed: " + s.message() + "\n" + runtime.logs(name, 100));
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " did not run: " + runtime.logs(name, 100));
  }

  private static SessionSpec spec(String name, String owner, String script, List<String> repos) {
    return new SessionSpec(
        name,
        TestEngine.jupyterImage(),
        List.of("/bin/sh", "-c", script),
        List.of(),
        Map.of(),
        8888,
        "/sessions/" + name,
        null,
        "token-" + name,
        0.5,
        1,
        0,
        1,
        owner,
        Map.of(),
        null,
        null,
        1000,
        1000,
        null,
        repos,
        null);
  }

  private String createProvider(TestUser admin, String url) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", "cg-" + UUID.randomUUID().toString().substring(0, 8));
    body.put("kind", "generic_oidc");
    body.put("client_id", TestOAuthProvider.CLIENT_ID);
    body.put("client_secret", TestOAuthProvider.CLIENT_SECRET);
    body.put("display_name", "Container git");
    body.put("scope", "openid");
    body.put("url", url);
    body.put("use_pkce", true);
    body.put("oidc_issuer_url", oauth.issuer());
    var r = api.as(admin).post("oauth2/providers", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.field("id");
  }

  private String connect(TestUser user, String providerId) throws Exception {
    var start = api.as(user).get("oauth2/providers/" + providerId + "/authorize");
    assertThat(start.status()).as(start.body()).isEqualTo(302);
    HttpResponse<String> approved =
        NO_REDIRECTS.send(
            HttpRequest.newBuilder(URI.create(start.header("location"))).build(),
            HttpResponse.BodyHandlers.ofString());
    URI back = URI.create(approved.headers().firstValue("location").orElseThrow());
    var done = api.as(user).get("oauth2/callback?" + back.getRawQuery());
    assertThat(done.status()).as(done.body()).isIn(200, 302);
    for (var c : api.as(user).get("oauth2/connections").json()) {
      if (c.path("provider_id").asString().equals(providerId)) {
        return c.path("id").asString();
      }
    }
    throw new AssertionError("no connection");
  }
}

package io.renku.kubeplay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.data.compute.Placement;
import io.renku.data.session.runtime.AmaltheaSessionManifest;
import io.renku.data.session.runtime.KubernetesSettings;
import io.renku.data.session.runtime.LaunchContext;
import io.renku.data.session.runtime.SessionSpec;
import io.renku.data.session.runtime.container.EngineSetup;
import io.renku.data.session.runtime.container.LocalImages;
import io.renku.data.session.runtime.container.Podman;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.Authentication;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.CodeRepository;
import io.renku.session.crd.Session;
import io.renku.session.crd.SessionSecretRef;
import io.renku.session.crd.Storage;
import io.renku.session.operator.DesiredChildren;
import io.renku.session.operator.OperatorSettings;
import io.renku.sidecars.testing.GitHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session pod as our operator writes it, with our Java sidecars image and a session image built
 * on this machine, run for real by {@code podman kube play} ({@link PodPlay} says what it adapts
 * and why): the git cloner puts the project's repository into the session's volume, the auth proxy
 * refuses requests without the session's credential and passes requests with it, the readiness
 * probes turn green, and files survive a stop and a start of the pod on the same volume.
 */
class SessionPodPlayTest {
  private static final String TOKEN = "kube-play-" + UUID.randomUUID();
  private static final String COOKIE = "renku-auth";

  @TempDir static Path dir;
  private static Podman podman;
  private static String sidecarsImage;
  private static String sessionImage;
  private static GitHttpServer gitServer;
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void engineImagesAndRepository() throws Exception {
    EngineSetup setup =
        EngineSetup.detect(Files.createDirectories(dir.resolve("engine")))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "this test needs podman: apt-get install podman runc (or ./renku test)"));
    podman = setup.podman();
    sessionImage =
        new LocalImages(
                podman, LocalImages.defaultCacheDir(), l -> System.out.println("kube-play: " + l))
            .ensureBusyboxHttpd();
    sidecarsImage = loadSidecars();

    // The project's repository: a bare repository served by git's own smart HTTP server on every
    // interface of the host (the pod reaches the host as host.containers.internal).
    Path work = Files.createDirectories(dir.resolve("repo-work"));
    Path bare = dir.resolve("repos/project.git");
    git(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    git(work, "init", "--quiet", "--initial-branch=main", ".");
    Files.writeString(work.resolve("README.md"), "cloned into the pod\n");
    git(work, "add", "README.md");
    git(work, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "one");
    git(work, "push", "--quiet", bare.toString(), "main");
    git(bare, "update-server-info");
    gitServer = new GitHttpServer(dir.resolve("repos"), InetAddress.getByName("0.0.0.0"));
  }

  @AfterAll
  static void stopGitServer() {
    if (gitServer != null) {
      gitServer.close();
    }
  }

  @Test
  void operatorsPodClonesGuardsAndKeepsFilesAcrossARestart() throws Exception {
    String name = "kp17-" + UUID.randomUUID().toString().substring(0, 8);
    String remote = "http://host.containers.internal:" + gitServer.port() + "/git/project.git";
    String mount = "/home/renku/work";
    // The session: busybox's httpd serving the work volume under the session's URL path, as
    // Jupyter serves its base URL.
    Session session =
        Session.builder()
            .image(sessionImage)
            .port(8000)
            .command(List.of("/bin/sh", "-c"))
            .args(
                List.of(
                    "mkdir -p /tmp/www/sessions && ln -s "
                        + mount
                        + " /tmp/www/sessions/"
                        + name
                        + " && exec httpd -f -p 8000 -h /tmp/www"))
            .runAsUser(1000L)
            .runAsGroup(1000L)
            .urlPath("/sessions/" + name)
            .storage(new Storage(null, new Quantity("1Gi"), mount))
            .build();
    AmaltheaSessionSpec spec =
        AmaltheaSessionSpec.builder(session)
            .codeRepositories(List.of(new CodeRepository(null, null, remote, null, null, null)))
            .authentication(
                Authentication.of(
                    AuthenticationType.TOKEN, new SessionSecretRef(name + "-auth", "auth", true)))
            .build();
    AmaltheaSession resource = new AmaltheaSession();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("renku").build());
    resource.setSpec(spec);

    OperatorSettings settings = OperatorSettings.fromEnv(Map.of("SIDECARS_IMAGE", sidecarsImage));
    assertThat(DesiredChildren.unsupported(spec, settings)).isEmpty();
    var children = DesiredChildren.of(resource, settings, "RUN-1");

    // What the data service writes: the authproxy's settings in the original's format.
    List<Secret> secrets = new ArrayList<>();
    secrets.add(
        new SecretBuilder()
            .withNewMetadata()
            .withName(name + "-auth")
            .endMetadata()
            .withStringData(
                Map.of(
                    "auth",
                    "authproxy:\n  token: "
                        + TOKEN
                        + "\n  cookie_key: "
                        + COOKIE
                        + "\n  verbose: true\n"))
            .build());
    secrets.add(children.secret());

    Path playDir = Files.createDirectories(dir.resolve(name));
    try (PodPlay play = new PodPlay(podman, playDir, name + "-0")) {
      play.play(play.toPod(children.statefulSet(), secrets));
      awaitReady(play);

      int port = play.hostPort(DesiredChildren.AUTH_PORT);
      String readme = "http://127.0.0.1:" + port + "/sessions/" + name + "/project/README.md";

      // The auth proxy: nothing without the credential, nor with a wrong one.
      assertThat(get(readme, Map.of()).statusCode()).isIn(400, 401);
      assertThat(get(readme, Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
      assertThat(get(readme, Map.of("Cookie", "other=" + TOKEN)).statusCode()).isIn(400, 401);
      // With it, the repository the cloner put into the volume.
      HttpResponse<String> bearer = get(readme, Map.of("Authorization", "Bearer " + TOKEN));
      assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
      assertThat(bearer.body()).isEqualTo("cloned into the pod\n");
      HttpResponse<String> cookie = get(readme, Map.of("Cookie", COOKIE + "=" + TOKEN));
      assertThat(cookie.statusCode()).isEqualTo(200);

      // Work in the session survives the pod stopping and starting on the same volume; the
      // cloner, run again, leaves an existing clone alone.
      var wrote =
          play.exec(
              DesiredChildren.SESSION_CONTAINER,
              "/bin/sh",
              "-c",
              "echo kept > "
                  + mount
                  + "/kept.txt && echo changed >> "
                  + mount
                  + "/project/README.md");
      assertThat(wrote.ok()).as(wrote.stderr()).isTrue();
      play.stop();
      assertThat(play.ready("authproxy")).isFalse();
      play.start();
      awaitReady(play);
      HttpResponse<String> kept =
          get(
              "http://127.0.0.1:" + port + "/sessions/" + name + "/kept.txt",
              Map.of("Authorization", "Bearer " + TOKEN));
      assertThat(kept.statusCode()).isEqualTo(200);
      assertThat(kept.body()).isEqualTo("kept\n");
      assertThat(get(readme, Map.of("Authorization", "Bearer " + TOKEN)).body())
          .isEqualTo("cloned into the pod\nchanged\n");
    }
  }

  /**
   * The whole cluster path of an anonymous visitor's session: the {@code AmaltheaSession} and
   * Secret the data service writes ({@code AmaltheaSessionManifest}), the children our operator
   * makes of them, the pod played: the visitor's gateway cookie opens the session, nothing else
   * does, and the project's repository is in the working directory.
   */
  @Test
  void whatTheDataServiceWritesRunsThroughOurOperator() throws Exception {
    String name = "kp17-" + UUID.randomUUID().toString().substring(0, 8);
    String visitor = "anon-" + UUID.randomUUID().toString().replace("-", "");
    String remote = "http://host.containers.internal:" + gitServer.port() + "/git/project.git";
    String mount = SessionSpec.DEFAULT_MOUNT_DIRECTORY;
    SessionSpec spec =
        new SessionSpec(
            name,
            sessionImage,
            List.of("/bin/sh", "-c"),
            List.of(
                "mkdir -p /tmp/www/sessions && ln -s $RENKU_WORKING_DIR /tmp/www/sessions/"
                    + name
                    + " && exec httpd -f -p 8000 -h /tmp/www"),
            Map.of(),
            8000,
            "/sessions/" + name,
            null,
            "not-used-on-kubernetes",
            0.1,
            1,
            0,
            1,
            visitor,
            Map.of(),
            3600L,
            null,
            1000,
            1000,
            mount,
            List.of(remote),
            new LaunchContext(
                true,
                null,
                "01JPROJECT",
                "ada/analysis",
                "01JLAUNCHER",
                "/secrets",
                "/",
                false,
                Placement.NONE));
    KubernetesSettings cluster =
        new KubernetesSettings(
            "renku",
            "renku.example.org",
            null,
            Map.of(),
            null,
            false,
            null,
            0,
            null,
            List.of(),
            null,
            null,
            null);
    var written = AmaltheaSessionManifest.of(spec, cluster, "unused");
    AmaltheaSession resource = YAML.convertValue(written.session(), AmaltheaSession.class);
    var auth = resource.getSpec().authentication();
    assertThat(auth.type()).isEqualTo(AuthenticationType.TOKEN);
    Secret authSecret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(auth.secretRef().name())
            .endMetadata()
            .withStringData(written.authSecretData())
            .build();

    OperatorSettings settings = OperatorSettings.fromEnv(Map.of("SIDECARS_IMAGE", sidecarsImage));
    assertThat(DesiredChildren.unsupported(resource.getSpec(), settings)).isEmpty();
    var children = DesiredChildren.of(resource, settings, "RUN-1");

    Path playDir = Files.createDirectories(dir.resolve(name));
    try (PodPlay play = new PodPlay(podman, playDir, name + "-0")) {
      play.play(play.toPod(children.statefulSet(), List.of(authSecret, children.secret())));
      awaitReady(play);
      String readme =
          "http://127.0.0.1:"
              + play.hostPort(DesiredChildren.AUTH_PORT)
              + "/sessions/"
              + name
              + "/project/README.md";
      assertThat(get(readme, Map.of()).statusCode()).isEqualTo(400);
      assertThat(get(readme, Map.of("Cookie", "_renku_anon=anon-someone-else")).statusCode())
          .isEqualTo(401);
      HttpResponse<String> visitorsView = get(readme, Map.of("Cookie", "_renku_anon=" + visitor));
      assertThat(visitorsView.statusCode()).as(visitorsView.body()).isEqualTo(200);
      assertThat(visitorsView.body()).isEqualTo("cloned into the pod\n");
    }
  }

  /** Waits (at most two minutes) until every HTTP readiness probe of the pod passes. */
  private static void awaitReady(PodPlay play) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    List<String> probed = new ArrayList<>();
    play.pod().getSpec().getContainers().stream()
        .filter(c -> c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null)
        .forEach(c -> probed.add(c.getName()));
    assertThat(probed).as("containers with an HTTP readiness probe").contains("authproxy");
    Map<String, Boolean> ready = new HashMap<>();
    while (System.nanoTime() < deadline) {
      probed.forEach(c -> ready.put(c, play.ready(c)));
      if (!ready.containsValue(false)) {
        return;
      }
      Thread.sleep(250);
    }
    StringBuilder logs = new StringBuilder();
    for (var c : play.pod().getSpec().getContainers()) {
      logs.append("--- ").append(c.getName()).append('\n').append(play.logs(c.getName()));
    }
    for (var c : play.pod().getSpec().getInitContainers()) {
      logs.append("--- ").append(c.getName()).append('\n').append(play.logs(c.getName()));
    }
    throw new AssertionError("not ready after 2 minutes: " + ready + "\n" + logs);
  }

  private static HttpResponse<String> get(String url, Map<String, String> headers)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Loads the sidecars image Jib wrote (the {@code sidecars} module's package phase). */
  private static String loadSidecars() {
    Path tar = Path.of(System.getProperty("renku.sidecars.image.tar", "missing"));
    if (!Files.isRegularFile(tar)) {
      throw new IllegalStateException(
          "no sidecars image at " + tar + ": build the sidecars module first (./mvnw package)");
    }
    Podman.Result loaded =
        podman.exec(List.of("load", "--quiet", "--input", tar.toString()), Duration.ofMinutes(3));
    if (!loaded.ok()) {
      throw new IllegalStateException("podman load failed: " + loaded.stderr());
    }
    // "Loaded image: docker.io/renku/java-sidecars:0.1.0-SNAPSHOT" (one line per tag)
    String line = loaded.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();
    return line.substring(line.indexOf(':') + 1).strip();
  }

  private static void git(Path cwd, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).inheritIO().start();
    if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed");
    }
  }
}

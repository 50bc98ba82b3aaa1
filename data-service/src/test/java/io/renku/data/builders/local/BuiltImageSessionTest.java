package io.renku.data.builders.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.build.BuildState;
import io.renku.data.build.BuildStatus;
import io.renku.data.build.BuiltImage;
import io.renku.data.session.runtime.RuntimeState;
import io.renku.data.session.runtime.RuntimeStatus;
import io.renku.data.session.runtime.SessionRuntime;
import io.renku.data.session.runtime.SessionSpec;
import io.renku.data.session.runtime.container.ContainerRuntime;
import io.renku.data.session.runtime.container.EngineFacts;
import io.renku.data.session.runtime.container.RepositoryCloner;
import io.renku.data.session.runtime.container.TestEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session runs a built image as the build service writes it into the environment (its preset's
 * command, port, uid, directories), behind a base path as the gateway proxies it; the image is
 * pulled back from the local registry (plain HTTP on loopback) when podman no longer has it.
 */
class BuiltImageSessionTest {
  @TempDir Path root;

  @Test
  void aSessionStartsFromABuiltImagePulledFromTheLocalRegistry() throws Exception {
    TestBuilds t = TestBuilds.get();
    String url =
        t.repository(
            "renku-test-build-session-" + Long.toString(System.nanoTime(), 36),
            Map.of("requirements.txt", "toolz\n"));
    String id = TestBuilds.buildId();
    t.builder.start(TestBuilds.request(id, url, null));
    BuildState state = t.await(id, Duration.ofMinutes(4));
    assertThat(state.status()).as("%s", state.errorReason()).isEqualTo(BuildStatus.SUCCEEDED);
    BuiltImage image = state.result();
    // podman keeps the image it built; without it, the session must pull it from the registry
    assertThat(TestEngine.podman().exec(List.of("rmi", image.image()), Duration.ofMinutes(1)).ok())
        .isTrue();

    String name = "renku-test-build-s" + Long.toString(System.nanoTime(), 36);
    try (ContainerRuntime runtime = runtime()) {
      try {
        runtime.start(spec(name, image));
        RuntimeStatus running = await(runtime, name);
        assertThat(running.state()).isEqualTo(RuntimeState.RUNNING);
        assertThat(runtime.logs(name, 200)).contains("Pulling the image " + image.image());

        SessionRuntime.Upstream up = runtime.upstream(name).orElseThrow();
        HttpResponse<String> tree =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://"
                                    + up.host()
                                    + ":"
                                    + up.port()
                                    + "/sessions/"
                                    + name
                                    + image.defaultUrl()
                                    + "?token=token-"
                                    + name))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(tree.statusCode()).isEqualTo(200);
        assertThat(tree.body()).contains("Jupyter");
      } finally {
        runtime.delete(name);
      }
    }
  }

  private ContainerRuntime runtime() {
    return new ContainerRuntime(
        TestEngine.podman(),
        new ContainerRuntime.Settings(
            root,
            Duration.ofSeconds(90),
            Duration.ofMinutes(2),
            TestEngine.setup().facts().limits().stream()
                .map(EngineFacts.Limit::controller)
                .collect(Collectors.toSet()),
            ContainerRuntime.hasInit(),
            0,
            ContainerRuntime.cgroupParent(TestEngine.setup().facts())),
        new RepositoryCloner(Path.of("/usr/bin/git"), true));
  }

  private static SessionSpec spec(String name, BuiltImage image) {
    return new SessionSpec(
        name,
        image.image(),
        image.command(),
        image.args(),
        Map.of(),
        image.port(),
        "/sessions/" + name,
        image.workingDirectory(),
        "token-" + name,
        0.5,
        1,
        0,
        1,
        "renku-test-build-user",
        Map.of(),
        null,
        null,
        image.uid(),
        image.gid(),
        image.mountDirectory(),
        List.of());
  }

  private static RuntimeStatus await(SessionRuntime runtime, String name) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    RuntimeStatus last = runtime.status(name);
    while (Instant.now().isBefore(deadline)) {
      last = runtime.status(name);
      if (last.state() == RuntimeState.RUNNING || last.state() == RuntimeState.FAILED) {
        return last;
      }
      TestBuilds.sleep(100);
    }
    throw new AssertionError(name + " is " + last);
  }
}

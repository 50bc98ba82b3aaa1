package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.data.session.runtime.container.LocalImages.BaseSource;
import io.renku.data.session.runtime.container.LocalImages.ImageBuildException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The locally built images, built and run with this machine's real podman. */
class LocalImagesTest {
  private static final Duration QUICK = Duration.ofSeconds(60);

  @Test
  void theBusyboxImageRunsAsRenkuWithATmpAndAHome() {
    String image = TestEngine.busyboxImage();
    assertThat(image).isEqualTo(LocalImages.busyboxHttpdImageName());
    assertThat(image).matches("localhost/renku/busybox-httpd:[0-9a-f]{12}");
    Podman.Result run =
        TestEngine.run(
            List.of(
                image,
                "sh",
                "-c",
                "id -u; id -g; id -un; echo $HOME; pwd; stat -c '%a %u' /tmp /home/renku/work"));
    assertThat(run.ok()).as(run.stderr()).isTrue();
    assertThat(run.stdout().strip().lines().toList())
        .containsExactly(
            "1000", "1000", "renku", "/home/renku", "/home/renku/work", "1777 0", "755 1000");
  }

  @Test
  void theBusyboxImageServesHttp() throws Exception {
    String name = "renku-test-httpd-" + UUID.randomUUID().toString().substring(0, 8);
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Podman.Result started =
        TestEngine.podman()
            .exec(
                List.of(
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--label",
                    "io.renku.test=true",
                    "-p",
                    "127.0.0.1:" + port + ":8080",
                    TestEngine.busyboxImage(),
                    "sh",
                    "-c",
                    "echo hello from busybox > index.html && exec httpd -f -p 8080"),
                QUICK);
    try {
      assertThat(started.ok()).as(started.stderr()).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
      String body = null;
      for (int i = 0; i < 100 && body == null; i++) {
        try {
          HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            body = response.body();
          }
        } catch (IOException e) {
          Thread.sleep(100);
        }
      }
      assertThat(body).isEqualTo("hello from busybox\n");
    } finally {
      TestEngine.podman().exec(List.of("rm", "-f", "-t", "0", name), QUICK);
    }
  }

  @Test
  void anExistingImageIsNotBuiltAgain() {
    String image = TestEngine.busyboxImage();
    List<String> lines = new CopyOnWriteArrayList<>();
    var images = new LocalImages(TestEngine.podman(), LocalImages.defaultCacheDir(), lines::add);
    long start = System.nanoTime();
    assertThat(images.ensureBusyboxHttpd()).isEqualTo(image);
    assertThat(lines).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theJupyterImageRunsTheNotebookAsRenku() {
    String image = TestEngine.jupyterImage();
    assertThat(image).isEqualTo(LocalImages.jupyterImageName());
    Podman.Result run =
        TestEngine.run(
            List.of(
                image,
                "sh",
                "-c",
                "jupyter-notebook --version; id -u; id -g; echo $HOME; pwd; stat -c %u ."
                    + "; git --version; python3 -c 'import ipykernel; print(\"kernel\")'"));
    assertThat(run.ok()).as(run.stderr()).isTrue();
    List<String> lines = run.stdout().strip().lines().toList();
    assertThat(lines).hasSize(8);
    assertThat(lines.getFirst()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(lines.subList(1, 6))
        .containsExactly("1000", "1000", "/home/renku", "/home/renku/work", "1000");
    assertThat(lines.get(6)).startsWith("git version ");
    assertThat(lines.get(7)).isEqualTo("kernel");
  }

  @Test
  void aRemovedBaseImageComesBackFromTheCachedTarballWithoutDebootstrap() {
    Path cache = LocalImages.defaultCacheDir();
    BaseSource machine = BaseSource.ofMachine();
    String name = "localhost/renku-test/debian-" + UUID.randomUUID().toString().substring(0, 8);
    // first (if this machine's cache has no tarball yet): debootstrap, which leaves the tarball
    var first =
        new LocalImages(
            TestEngine.podman(),
            cache,
            line -> {},
            new BaseSource(
                name + ":a", machine.debootstrap(), machine.mirror(), "localhost:1/none"));
    List<String> lines = new CopyOnWriteArrayList<>();
    var again =
        new LocalImages(
            TestEngine.podman(),
            cache,
            lines::add,
            new BaseSource(name + ":b", Optional.empty(), machine.mirror(), "localhost:1/none"));
    try {
      first.ensureBase();
      assertThat(cache.resolve("debian-bookworm-minbase.tar")).isRegularFile();
      assertThat(again.ensureBase()).isEqualTo(name + ":b");
      assertThat(lines).singleElement().asString().contains("importing the Debian base");
      Podman.Result os =
          TestEngine.run(
              List.of(name + ":b", "sh", "-c", ". /etc/os-release; echo $VERSION_CODENAME"));
      assertThat(os.stdout().strip()).isEqualTo("bookworm");
    } finally {
      TestEngine.podman().exec(List.of("rmi", "-f", name + ":a", name + ":b"), QUICK);
    }
  }

  @Test
  void withoutDebootstrapNorRegistryTheMessageSaysBoth(@TempDir Path emptyCache) {
    String name = "localhost/renku-test/debian-" + UUID.randomUUID().toString().substring(0, 8);
    var images =
        new LocalImages(
            TestEngine.podman(),
            emptyCache,
            line -> {},
            new BaseSource(
                name, Optional.empty(), LocalImages.DEFAULT_MIRROR, "localhost:1/renku-none:x"));
    assertThatThrownBy(images::ensureBase)
        .isInstanceOf(ImageBuildException.class)
        .hasMessageContaining("debootstrap is not installed")
        .hasMessageContaining("pulling localhost:1/renku-none:x failed");
    assertThat(TestEngine.podman().exec(List.of("image", "exists", name), QUICK).ok()).isFalse();
  }

  @Test
  void onlyAStaticBusyboxIsUsed(@TempDir Path dir) throws IOException {
    assertThat(ElfFile.isStatic(LocalImages.staticBusybox())).isTrue();
    assertThat(ElfFile.isStatic(Path.of("/bin/ls"))).isFalse();
    Path script = dir.resolve("busybox");
    Files.writeString(script, "#!/bin/sh\necho not an ELF\n");
    assertThat(ElfFile.isStatic(script)).isFalse();
  }
}

package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The container engine and the tiny image the runtime tests run, built here until the shared test
 * helper ({@code TestEngine}) is on main: {@code FROM scratch}, Debian's static busybox with its
 * applets, a {@code /tmp}, and the user {@code renku} (uid 1000, home {@code /home/renku}). The
 * image stays in the engine's storage and is reused by later runs (it is the cache).
 */
public final class ContractImages {
  /** The test image; its {@code /bin/busybox httpd} is the sessions' HTTP server. */
  public static final String BUSYBOX = "localhost/renku-test/contract-httpd:1";

  private static final String CONTAINERFILE =
      """
      FROM scratch
      COPY busybox /bin/busybox
      RUN ["/bin/busybox", "--install", "-s", "/bin"]
      RUN mkdir -p /tmp /etc /home/renku && chmod 1777 /tmp \
       && echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd \
       && echo 'renku:x:1000:1000:renku:/home/renku:/bin/sh' >> /etc/passwd \
       && echo 'root:x:0:' > /etc/group && echo 'renku:x:1000:' >> /etc/group \
       && chown 1000:1000 /home/renku
      USER 1000:1000
      """;

  private static EngineSetup.Engine engine;
  private static boolean built;

  private ContractImages() {}

  /** The engine of this machine, set up once per test run. */
  public static synchronized EngineSetup.Engine engine() {
    if (engine == null) {
      try {
        engine =
            EngineSetup.detect(Files.createTempDirectory("renku-contract-engine"))
                .orElseThrow(() -> new IllegalStateException("no podman on this machine"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return engine;
  }

  public static Podman podman() {
    return engine().podman();
  }

  /** {@link #BUSYBOX}, built if the engine does not have it yet. */
  public static synchronized String busyboxImage() {
    if (built || podman().exec(List.of("image", "exists", BUSYBOX), Duration.ofSeconds(30)).ok()) {
      built = true;
      return BUSYBOX;
    }
    try {
      Path dir = Files.createTempDirectory("renku-contract-image");
      Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
      Files.writeString(dir.resolve("Containerfile"), CONTAINERFILE);
      Podman.Result r =
          podman()
              .exec(
                  List.of(
                      "build",
                      "--quiet",
                      "--tag",
                      BUSYBOX,
                      "--file",
                      dir.resolve("Containerfile").toString(),
                      dir.toString()),
                  Duration.ofMinutes(3),
                  null,
                  null,
                  java.util.Map.of(),
                  true);
      if (!r.ok()) {
        throw new IllegalStateException("Cannot build " + BUSYBOX + ": " + r.stdout());
      }
      built = true;
      return BUSYBOX;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real podman of this machine for tests, set up once per JVM the way the platform does it
 * ({@link EngineSetup} into a temporary data directory), and the images tests run, built once per
 * machine and kept in podman and in {@code ~/.cache/renku/images} across runs ({@code $RENKU_CACHE}
 * moves it). Tests need podman: without it they fail with what to install.
 */
public final class TestEngine {
  private static EngineSetup setup;
  private static String busybox;
  private static String jupyter;

  private TestEngine() {}

  /** The engine, its facts and the {@code containers.conf} written for this JVM. */
  public static synchronized EngineSetup setup() {
    if (setup == null) {
      Path dataDir;
      try {
        dataDir = Files.createTempDirectory("renku-engine-test-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      Files.deleteIfExists(dataDir.resolve(EngineSetup.CONF_FILE));
                      Files.deleteIfExists(dataDir);
                    } catch (IOException e) {
                      // a temp directory left behind
                    }
                  }));
      setup =
          EngineSetup.detect(dataDir)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the container tests need podman: apt-get install podman runc"
                              + " debootstrap busybox-static (or run ./renku test)"));
      System.out.println("renku test engine: " + setup.facts().describe());
    }
    return setup;
  }

  /** podman with the platform's {@code containers.conf}. */
  public static Podman podman() {
    return setup().podman();
  }

  /** The builder tests use: the machine's cache directory, progress on standard output. */
  public static LocalImages images() {
    return new LocalImages(
        podman(), LocalImages.defaultCacheDir(), line -> System.out.println("renku test: " + line));
  }

  /** {@code localhost/renku/busybox-httpd:<hash>}: busybox's sh, httpd, id... as uid 1000. */
  public static synchronized String busyboxImage() {
    if (busybox == null) {
      busybox = images().ensureBusyboxHttpd();
    }
    return busybox;
  }

  /** {@code localhost/renku/jupyter:<hash>}, the default environment's image (2 min once). */
  public static synchronized String jupyterImage() {
    if (jupyter == null) {
      jupyter = images().ensureJupyter();
    }
    return jupyter;
  }

  /**
   * {@code podman run --rm} of {@code image} with {@code args} (options, then image and command as
   * given), labelled as a test container; the result of the call.
   */
  public static Podman.Result run(List<String> args) {
    var argv = new ArrayList<>(List.of("run", "--rm", "--label", "io.renku.test=true"));
    argv.addAll(args);
    return podman().exec(argv, Duration.ofMinutes(2));
  }
}

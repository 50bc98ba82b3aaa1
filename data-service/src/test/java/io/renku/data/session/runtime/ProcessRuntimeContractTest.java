package io.renku.data.session.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on {@link LocalProcessRuntime}: sessions are {@code /bin/sh} programs on this
 * machine, serving with Debian's static busybox ({@code busybox httpd}).
 *
 * <p>What this runtime promises where runtimes differ: the gateway proxies its sessions; {@code
 * SessionCuller} culls them; a session that never answers fails after the start timeout; {@code
 * close()} stops every session's processes and keeps their work directories, so that a new instance
 * on the same root sees nothing running and the next start resumes on the files.
 */
class ProcessRuntimeContractTest extends AbstractSessionRuntimeContractTest {
  private static final String MISSING = "/nonexistent/renku-contract-program";

  @TempDir Path root;

  @Override
  protected SessionRuntime newRuntime(Duration startTimeout) {
    return new LocalProcessRuntime(root, startTimeout);
  }

  private static SessionSpec shell(String name, String script) {
    return spec(name, "renku/contract:none", List.of("/bin/sh", "-c", script), List.of(), 8888);
  }

  @Override
  protected SessionSpec specThatServes(String name) {
    return shell(name, SERVES_SCRIPT);
  }

  @Override
  protected SessionSpec specThatExitsAtOnce(String name) {
    return shell(name, EXITS_SCRIPT);
  }

  @Override
  protected SessionSpec specThatNeverListens(String name) {
    return shell(name, NEVER_LISTENS_SCRIPT);
  }

  @Override
  protected SessionSpec specWithMissingProgramOrImage(String name) {
    return spec(name, "renku/contract:none", List.of(MISSING), List.of(), 8888);
  }

  @Override
  protected String missingProgramOrImage() {
    return MISSING;
  }

  @Override
  protected boolean proxiedByGateway() {
    return true;
  }

  @Override
  protected boolean cullsItself() {
    return false;
  }

  @Override
  protected boolean failsSessionsThatNeverAnswer() {
    return true;
  }

  @Override
  protected boolean sessionsOutliveTheRuntime() {
    return false;
  }

  @Override
  protected boolean workVolumeExists(String name) {
    return Files.isDirectory(root.resolve(name).resolve("work"));
  }

  /** Any process of this machine whose working directory is in the session's directory. */
  @Override
  protected boolean anythingRunsFor(String name) {
    Path dir;
    try {
      dir = root.toRealPath().resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .anyMatch(
              p -> {
                try {
                  return Files.readSymbolicLink(p.resolve("cwd")).startsWith(dir);
                } catch (IOException | RuntimeException e) {
                  return false; // gone, or not ours to read
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected String runIdentity(String name) {
    try {
      return Files.readString(root.resolve(name).resolve("pid")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Optional<String> cullingSettingsOf(String name) {
    return Optional.empty();
  }

  /**
   * Decision 0033: a process session runs as the platform's own user without isolation, so it gets
   * no secret files or data connectors; it runs, and its status says why they are missing.
   */
  @org.junit.jupiter.api.Test
  void secretsAndConnectorsAreRefusedAndTheStatusSaysWhy() {
    String name = newName();
    runtime.start(
        specThatServes(name)
            .withMounts(
                new SessionMounts(
                    null,
                    java.util.Map.of("token", "sid-1"),
                    List.of(
                        new DataSourceMount(
                            "data", "s3", null, java.util.Map.of(), "", "data", true)))));
    RuntimeStatus running = awaitState(name, RuntimeState.RUNNING);
    assertThat(running.message())
        .contains("Secrets and data connectors are not mounted", "container runtime");
    assertThat(root.resolve(name).resolve("work").resolve("data")).doesNotExist();
  }
}

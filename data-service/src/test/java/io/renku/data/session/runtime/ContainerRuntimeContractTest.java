package io.renku.data.session.runtime;

import io.renku.data.session.runtime.container.ContainerRuntime;
import io.renku.data.session.runtime.container.EngineFacts;
import io.renku.data.session.runtime.container.Podman;
import io.renku.data.session.runtime.container.RepositoryCloner;
import io.renku.data.session.runtime.container.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on {@link ContainerRuntime} with this machine's podman: sessions are containers of
 * the busybox image the tests share ({@link TestEngine#busyboxImage}), as uid 1000, serving with
 * {@code busybox httpd} on port 8080.
 *
 * <p>What this runtime promises where runtimes differ: the gateway proxies its sessions (a port on
 * 127.0.0.1); {@code SessionCuller} culls them; a session that never answers fails after the start
 * timeout and its container is removed; {@code close()} removes every session's container and keeps
 * its work volume, so that a new instance on the same root sees nothing running and the next start
 * resumes on the volume. (A platform that crashed without {@code close()} finds its running
 * containers again: {@code ContainerRuntimeTest}.)
 */
class ContainerRuntimeContractTest extends AbstractSessionRuntimeContractTest {
  private static final String MISSING_IMAGE = "localhost/renku-test/contract-missing:none";
  private static final Duration QUICK = Duration.ofSeconds(30);

  @TempDir Path root;

  @Override
  protected SessionRuntime newRuntime(Duration startTimeout) {
    var facts = TestEngine.setup().facts();
    return new ContainerRuntime(
        TestEngine.podman(),
        new ContainerRuntime.Settings(
            root,
            startTimeout,
            Duration.ofSeconds(30),
            facts.limits().stream().map(EngineFacts.Limit::controller).collect(Collectors.toSet()),
            ContainerRuntime.hasInit(),
            0,
            ContainerRuntime.cgroupParent(facts)),
        new RepositoryCloner(Path.of("/usr/bin/git"), true));
  }

  private static SessionSpec shell(String name, String image, String script) {
    return spec(name, image, List.of("/bin/sh", "-c", script), List.of(), 8080);
  }

  @Override
  protected SessionSpec specThatServes(String name) {
    return shell(name, TestEngine.busyboxImage(), SERVES_SCRIPT);
  }

  @Override
  protected SessionSpec specThatExitsAtOnce(String name) {
    return shell(name, TestEngine.busyboxImage(), EXITS_SCRIPT);
  }

  @Override
  protected SessionSpec specThatNeverListens(String name) {
    return shell(name, TestEngine.busyboxImage(), NEVER_LISTENS_SCRIPT);
  }

  @Override
  protected SessionSpec specWithMissingProgramOrImage(String name) {
    return shell(name, MISSING_IMAGE, "exit 0");
  }

  @Override
  protected String missingProgramOrImage() {
    return MISSING_IMAGE;
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

  private List<String> labelled(String what, String name, String format) {
    String instance = ((ContainerRuntime) runtime).instance();
    Podman.Result r =
        TestEngine.podman()
            .exec(
                List.of(
                    what,
                    "ls",
                    "--all",
                    "--filter",
                    "label=io.renku.session=" + name,
                    "--filter",
                    "label=io.renku.instance=" + instance,
                    "--format",
                    format),
                QUICK);
    if (!r.ok()) {
      throw new AssertionError("podman " + what + " ls: " + r.stderr());
    }
    return r.stdout().lines().filter(l -> !l.isBlank()).toList();
  }

  @Override
  protected boolean workVolumeExists(String name) {
    String instance = ((ContainerRuntime) runtime).instance();
    Podman.Result r =
        TestEngine.podman()
            .exec(
                List.of(
                    "volume",
                    "ls",
                    "--filter",
                    "label=io.renku.session=" + name,
                    "--filter",
                    "label=io.renku.instance=" + instance,
                    "--format",
                    "{{.Name}}"),
                QUICK);
    if (!r.ok()) {
      throw new AssertionError("podman volume ls: " + r.stderr());
    }
    return !r.stdout().isBlank();
  }

  /** Any container of the session, running or not. */
  @Override
  protected boolean anythingRunsFor(String name) {
    return !labelled("container", name, "{{.ID}}").isEmpty();
  }

  @Override
  protected String runIdentity(String name) {
    return String.join(",", labelled("container", name, "{{.ID}}"));
  }

  @Override
  protected Optional<String> cullingSettingsOf(String name) {
    return Optional.empty();
  }
}

package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** TEMPORARY stand-in, replaced by the helper's EngineSetup. */
public final class EngineSetup {
  private EngineSetup() {}

  public record Facts(Set<String> limits, boolean init) {
    public String describe() {
      return "podman with runc, limits " + limits;
    }
  }

  public record Engine(Podman podman, Facts facts) {}

  public static Optional<Engine> detect(Path dir) {
    Optional<Path> exe = Podman.findExecutable();
    if (exe.isEmpty()) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(dir);
      Path conf = dir.resolve("containers.conf");
      Files.writeString(
          conf,
          "[containers]\ndefault_ulimits = []\n[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n");
      return Optional.of(
          new Engine(
              new Podman(exe.get(), Map.of("CONTAINERS_CONF", conf.toString())),
              new Facts(
                  Set.of("cpu", "memory", "pids"),
                  Files.exists(Path.of("/usr/libexec/podman/catatonit")))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

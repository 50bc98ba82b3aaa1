package io.renku.data.session.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.session.runtime.SessionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The isolation rules of a session container, read off the arguments podman gets. */
class ContainerArgsTest {
  private static final String TOKEN = "the-session-token-0123456789";

  @Test
  void theContainerIsLockedDownAndPublishedOnLoopbackOnly() {
    SessionSpec spec = spec(1000, 1000, null, null, Map.of());
    List<String> args = run(spec, Set.of("cpu", "memory", "pids"), 0);
    assertThat(args)
        .contains(
            "--user=1000:1000",
            "--cap-drop=ALL",
            "--security-opt=no-new-privileges",
            "--init",
            "--cgroup-parent=/renku-sessions",
            "--pids-limit=4096",
            "--cpu-shares=512",
            "--memory=2g",
            "--publish=127.0.0.1:40000:8888",
            "--volume=vol:/home/renku/work:U",
            "--workdir=/home/renku/work",
            "--entrypoint=[\"/bin/server\",\"--port=8888\"]");
    assertThat(args).noneMatch(a -> a.startsWith("--privileged") || a.startsWith("--cap-add"));
    assertThat(args).noneMatch(a -> a.startsWith("--network") || a.startsWith("--pid="));
    // the only volume is the session's own; nothing of the host is mounted
    assertThat(args.stream().filter(a -> a.startsWith("--volume") || a.startsWith("-v")))
        .containsExactly("--volume=vol:/home/renku/work:U");
    assertThat(args.stream().filter(a -> a.startsWith("--cpus=")))
        .as("no cap by default")
        .isEmpty();
    // the image comes after "--", so it can never be read as an option
    assertThat(args.get(args.indexOf("--") + 1)).isEqualTo("img:1");
    assertThat(args.subList(args.indexOf("--") + 2, args.size()))
        .containsExactly("--base=/sessions/s-1");
  }

  @Test
  void limitsTheEngineCannotEnforceAreLeftOutAndACpuCapNeedsAFactor() {
    SessionSpec spec = spec(1000, 1000, null, null, Map.of());
    assertThat(run(spec, Set.of(), 0))
        .noneMatch(
            a -> a.startsWith("--memory") || a.startsWith("--cpu") || a.startsWith("--pids"));
    assertThat(run(spec, Set.of("cpu"), 2)).contains("--cpu-shares=512", "--cpus=1.000");
  }

  @Test
  void theTokenNeverShowsOnTheCommandLineAndThePlatformsVariablesWin() {
    Map<String, String> launcherVars = new LinkedHashMap<>();
    launcherVars.put("RENKU_SESSION_TOKEN", "chosen-by-an-editor");
    launcherVars.put("JUPYTER_TOKEN", "chosen-by-an-editor");
    launcherVars.put("GREETING", "served at $(RENKU_BASE_URL_PATH)");
    SessionSpec spec = spec(1000, 1000, null, null, launcherVars);
    Map<String, String> vars = ContainerArgs.variables(spec);
    assertThat(vars)
        .containsEntry("RENKU_SESSION_TOKEN", TOKEN)
        .containsEntry("JUPYTER_TOKEN", TOKEN)
        .containsEntry("GREETING", "served at /sessions/s-1")
        .containsEntry("RENKU_SESSION_IP", "0.0.0.0");
    List<String> args = run(spec, Set.of(), 0);
    assertThat(String.join(" ", args)).doesNotContain(TOKEN).doesNotContain("chosen-by");
    assertThat(args).contains("--env=RENKU_SESSION_TOKEN", "--env=GREETING");
  }

  @Test
  void rootBadDirectoriesAndOptionLikeImagesAreRefused() {
    assertThat(ContainerArgs.refusal(spec(1000, 1000, null, null, Map.of()))).isEmpty();
    assertThat(ContainerArgs.refusal(spec(0, 1000, null, null, Map.of())))
        .get()
        .asString()
        .contains("root");
    assertThat(ContainerArgs.refusal(spec(1000, 0, null, null, Map.of()))).isPresent();
    for (String dir : List.of("work", "/work:ro", "/a,b", "/x\ny")) {
      assertThat(ContainerArgs.refusal(spec(1000, 1000, dir, null, Map.of())))
          .as(dir)
          .get()
          .asString()
          .contains("absolute path");
      assertThat(ContainerArgs.refusal(spec(1000, 1000, null, dir, Map.of()))).as(dir).isPresent();
    }
    for (String image : List.of("--privileged", "a b", "")) {
      SessionSpec s = withImage(spec(1000, 1000, null, null, Map.of()), image);
      assertThat(ContainerArgs.refusal(s)).as(image).isPresent();
    }
  }

  private static List<String> run(SessionSpec spec, Set<String> limits, double factor) {
    return ContainerArgs.run(
        spec,
        "c",
        "vol",
        "inst",
        limits,
        true,
        factor,
        "/renku-sessions",
        40000,
        ContainerArgs.variables(spec));
  }

  private static SessionSpec spec(
      int uid, int gid, String mount, String workdir, Map<String, String> env) {
    return new SessionSpec(
        "s-1",
        "img:1",
        List.of("/bin/server", "--port=$(RENKU_SESSION_PORT)"),
        List.of("--base=$(RENKU_BASE_URL_PATH)"),
        env,
        8888,
        "/sessions/s-1",
        workdir,
        TOKEN,
        0.5,
        2,
        0,
        1,
        "owner",
        Map.of(),
        null,
        null,
        uid,
        gid,
        mount,
        List.of());
  }

  private static SessionSpec withImage(SessionSpec s, String image) {
    return new SessionSpec(
        s.name(),
        image,
        s.command(),
        s.args(),
        s.env(),
        s.port(),
        s.basePath(),
        s.workingDirectory(),
        s.token(),
        s.cpu(),
        s.memoryGb(),
        s.gpu(),
        s.diskGb(),
        s.ownerId(),
        s.annotations(),
        s.idleSeconds(),
        s.hibernatedSeconds(),
        s.uid(),
        s.gid(),
        s.mountDirectory(),
        s.repositories());
  }
}

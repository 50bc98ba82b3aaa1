package io.renku.data.session.runtime;

import io.renku.data.compute.NodeAffinity;
import io.renku.data.compute.Placement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Session launches the manifest tests share: one spec per kind of launch. */
final class Launches {
  private Launches() {}

  static final String HOST = "renku.example.org";

  static final KubernetesSettings SETTINGS =
      new KubernetesSettings(
          "renku-sessions",
          HOST,
          "nginx",
          Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "0"),
          "renku-ch-tls",
          false,
          "standard-rwo",
          2,
          null,
          List.of(),
          new KubernetesSettings.Culling(
              Duration.ZERO,
              Duration.ZERO,
              Duration.ZERO,
              Duration.ofSeconds(86400),
              Duration.ofSeconds(259200)),
          new KubernetesSettings.Oidc(
              "https://renku.example.org/auth/realms/Renku",
              "renku-jupyterserver",
              "oidc-client-secret",
              false),
          KubernetesSettings.ANONYMOUS_COOKIE);

  static Map<String, String> annotations() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("renku.io/project_id", "01JPROJECT0000000000000000");
    a.put("renku.io/launcher_id", "01JLAUNCHER000000000000000");
    a.put("renku.io/resource_class_id", "2");
    a.put("renku.io/resource_pool_id", "1");
    return a;
  }

  static LaunchContext context(boolean anonymous, Placement placement, boolean strip) {
    return new LaunchContext(
        anonymous,
        anonymous ? null : "ada@example.org",
        "01JPROJECT0000000000000000",
        "ada/analysis",
        "01JLAUNCHER000000000000000",
        "/secrets",
        "/lab",
        strip,
        placement);
  }

  /** A logged-in user's Jupyter session of the default environment, on a plain class. */
  static SessionSpec defaultEnvironment(String name) {
    return spec(
        name,
        "renku/renkulab-py:latest",
        List.of(),
        List.of(),
        Map.of("GREETING", "hello"),
        "user-1234",
        null,
        null,
        List.of(),
        0,
        context(false, Placement.NONE, false));
  }

  /**
   * The default environment with two secret files and two data connectors: a read-write S3 bucket
   * at a relative path and a read-only WebDAV folder at an absolute one (decision 0033).
   */
  static SessionSpec withMounts(String name) {
    return defaultEnvironment(name)
        .withMounts(
            new SessionMounts(
                "/secrets",
                Map.of("api_key", "01JSECRETAPIKEY", "config.json", "01JSECRETCONFIG"),
                List.of(
                    new DataSourceMount(
                        "results_bucket",
                        "s3",
                        Map.of("provider", "AWS", "region", "eu-central-1"),
                        Map.of(
                            "access_key_id", "01JSECRETKEYID", "secret_access_key", "01JSECRETKEY"),
                        "ada-results/2026",
                        "results",
                        false),
                    new DataSourceMount(
                        "reference-data",
                        "webdav",
                        Map.of("url", "https://dav.example.org/remote.php/webdav", "user", "ada"),
                        Map.of("pass", "01JSECRETDAVPASS"),
                        "reference",
                        "/data/reference",
                        true))));
  }

  /** A custom image with its own command and arguments, directories of its own. */
  static SessionSpec customImage(String name) {
    return spec(
        name,
        "registry.example.org/team/rstudio:4.4",
        List.of("/init", "rserver"),
        List.of("--www-port=8787", "--auth-none=1"),
        Map.of(),
        "user-1234",
        "/home/rstudio/work/project",
        "/home/rstudio/work",
        List.of(),
        0,
        context(false, Placement.NONE, true));
  }

  static SessionSpec withRepositories(String name) {
    return spec(
        name,
        "renku/renkulab-py:latest",
        List.of(),
        List.of(),
        Map.of(),
        "user-1234",
        "/home/jovyan/work/src",
        "/home/jovyan/work",
        List.of(
            "https://gitlab.example.org/ada/analysis.git",
            "https://github.com/ada/analysis",
            "https://github.com/ada/data-tools"),
        0,
        context(false, Placement.NONE, false));
  }

  /** A class with a GPU, tolerations, required and preferred node labels and a priority class. */
  static SessionSpec gpuClass(String name) {
    return spec(
        name,
        "renku/renkulab-cuda:latest",
        List.of(),
        List.of(),
        Map.of(),
        "user-1234",
        null,
        null,
        List.of(),
        1,
        context(
            false,
            new Placement(
                "gpu-pool-quota",
                List.of("renku.io/dedicated", "nvidia.com/gpu"),
                List.of(
                    new NodeAffinity("renku.io/gpu-node", true),
                    new NodeAffinity("renku.io/fast-disk", false))),
            false));
  }

  static SessionSpec anonymous(String name) {
    return spec(
        name,
        "renku/renkulab-py:latest",
        List.of(),
        List.of(),
        Map.of(),
        "anon-AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        null,
        null,
        List.of(),
        0,
        context(true, Placement.NONE, false));
  }

  static SessionSpec spec(
      String name,
      String image,
      List<String> command,
      List<String> args,
      Map<String, String> env,
      String owner,
      String workingDirectory,
      String mountDirectory,
      List<String> repositories,
      long gpu,
      LaunchContext context) {
    return new SessionSpec(
        name,
        image,
        command,
        args,
        env,
        8888,
        "/sessions/" + name,
        workingDirectory,
        "gateway-token-not-used-on-kubernetes",
        0.5,
        1,
        gpu,
        2,
        owner,
        annotations(),
        3600L,
        null,
        1000,
        100,
        mountDirectory,
        repositories,
        context);
  }
}

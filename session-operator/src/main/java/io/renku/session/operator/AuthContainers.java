package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.Authentication;
import io.renku.session.crd.AuthenticationType;
import io.renku.session.crd.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * The authentication containers in front of the session, as the original's {@code auth()} and
 * {@code get_rewrite_authn_proxy()} template them.
 *
 * <ul>
 *   <li>{@code token}: one {@code authproxy} (sidecars image) on 65535 checking the token of the
 *       YAML file {@code /etc/authproxy/<secretRef.key>}, then forwarding to the session port.
 *   <li>{@code oauth2proxy}: {@code oauth2-proxy} on 65535 (configuration {@code
 *       /etc/oauth2-proxy/<secretRef.key>}) forwarding to an {@code authproxy} on 65533, which
 *       forwards to the session port.
 * </ul>
 *
 * The authproxy keeps the sidecars image's entrypoint: the original image's entrypoint is the
 * sidecars binary and {@code proxy serve} are its arguments, so setting {@code command} would
 * replace the binary. Its health route is served on its listening port.
 */
final class AuthContainers {

  static final String CONFIG_VOLUME = "amalthea-proxy-configuration-secret";
  static final String HEALTH_PATH = "/__amalthea__/health";

  /** Containers and the volumes they need. */
  record Parts(List<Container> containers, List<Volume> volumes) {
    static final Parts NONE = new Parts(List.of(), List.of());
  }

  private AuthContainers() {}

  /** Nothing when authentication is absent or disabled. */
  static Parts of(AmaltheaSessionSpec spec, OperatorSettings settings) {
    if (!spec.isAuthenticated()) {
      return Parts.NONE;
    }
    Authentication auth = spec.authentication();
    Session session = spec.session();
    String key = auth.secretRef().key();
    List<VolumeMount> extraMounts =
        auth.extraVolumeMounts() == null ? List.of() : auth.extraVolumeMounts();
    Volume config =
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewSecret()
            .withSecretName(auth.secretRef().name())
            .withOptional(false)
            .endSecret()
            .build();
    if (auth.type() == AuthenticationType.TOKEN) {
      List<VolumeMount> mounts = new ArrayList<>();
      mounts.add(mount(CONFIG_VOLUME, "/etc/authproxy"));
      mounts.addAll(extraMounts);
      Container authproxy =
          new ContainerBuilder(
                  authproxy(session, DesiredChildren.AUTH_PORT, settings.sidecarsImage()))
              .withArgs("proxy", "serve", "--config", "/etc/authproxy/" + key)
              .withVolumeMounts(mounts)
              .build();
      return new Parts(List.of(authproxy), List.of(config));
    }
    // oauth2proxy
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(CONFIG_VOLUME, "/etc/oauth2-proxy"));
    mounts.addAll(extraMounts);
    Probe ping = httpProbe("/ping", DesiredChildren.AUTH_PORT);
    Container oauth2Proxy =
        new ContainerBuilder()
            .withName(DesiredChildren.OAUTH2_PROXY_CONTAINER)
            .withImage(settings.oauth2ProxyImage())
            .withSecurityContext(SidecarResources.restricted())
            .withArgs(
                "--upstream=http://127.0.0.1:" + DesiredChildren.AUTHPROXY_UPSTREAM_PORT,
                "--http-address=:" + DesiredChildren.AUTH_PORT,
                "--silence-ping-logging",
                "--config=/etc/oauth2-proxy/" + key,
                "--cookie-samesite=" + (settings.noneSameSiteCookie() ? "none" : "strict"))
            .withVolumeMounts(mounts)
            .withReadinessProbe(ping)
            .withLivenessProbe(ping)
            .withResources(SidecarResources.proxy())
            .build();
    Container authproxy =
        authproxy(session, DesiredChildren.AUTHPROXY_UPSTREAM_PORT, settings.sidecarsImage());
    return new Parts(List.of(oauth2Proxy, authproxy), List.of(config));
  }

  /**
   * The authproxy listening on {@code port}, with its meta port on 65534 and the session as its
   * remote; {@code AUTHPROXY_STRIP_PATH_PREFIX} (the URL path with a trailing slash) when the
   * session wants the path stripped.
   */
  private static Container authproxy(Session session, int port, String image) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("AUTHPROXY_PORT", String.valueOf(port), null));
    env.add(
        new EnvVar("AUTHPROXY_META_PORT", String.valueOf(DesiredChildren.AUTH_META_PORT), null));
    // Without a path: the proxy appends the request's path to the remote's.
    env.add(new EnvVar("AUTHPROXY_REMOTE", "http://127.0.0.1:" + session.portOrDefault(), null));
    if (Boolean.TRUE.equals(session.stripURLPath())) {
      env.add(
          new EnvVar(
              "AUTHPROXY_STRIP_PATH_PREFIX",
              DesiredChildren.withSlash(session.urlPathOrDefault()),
              null));
    }
    Probe health = httpProbe(HEALTH_PATH, port);
    return new ContainerBuilder()
        .withName(DesiredChildren.AUTHPROXY_CONTAINER)
        .withImage(image)
        .withSecurityContext(SidecarResources.restrictedAs1000())
        .withArgs("proxy", "serve", "--verbose")
        .withEnv(env)
        .withReadinessProbe(health)
        .withLivenessProbe(health)
        .withResources(SidecarResources.authproxy(image))
        .build();
  }

  private static Probe httpProbe(String path, int port) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .endHttpGet()
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }
}

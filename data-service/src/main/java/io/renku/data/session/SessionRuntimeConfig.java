package io.renku.data.session;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.renku.data.config.SessionProperties;
import io.renku.data.connectedservice.RepositoryService;
import io.renku.data.secret.SecretDelivery;
import io.renku.data.session.runtime.KubernetesRuntime;
import io.renku.data.session.runtime.KubernetesSettings;
import io.renku.data.session.runtime.LocalProcessRuntime;
import io.renku.data.session.runtime.LoopbackPorts;
import io.renku.data.session.runtime.RcloneMounts;
import io.renku.data.session.runtime.SessionGitCredentials;
import io.renku.data.session.runtime.SessionRuntime;
import io.renku.data.session.runtime.container.ContainerRuntime;
import io.renku.data.session.runtime.container.EngineSetup;
import io.renku.data.session.runtime.container.RepositoryCloner;
import io.renku.k8s.cache.CacheSchema;
import io.renku.k8s.cache.CacheStore;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the session runtime from {@code renku.sessions.runtime}: {@code container} (podman
 * containers on this machine), {@code process} or {@code local} (processes on this machine) or
 * {@code kubernetes} (AmaltheaSession resources; their state read from the watcher's cache table,
 * whose schema is created here if the watcher has not yet).
 */
@Configuration
public class SessionRuntimeConfig {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(SessionRuntimeConfig.class);

  private static Path root(SessionProperties properties) {
    return properties.localRoot().isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "renku-sessions")
        : Path.of(properties.localRoot());
  }

  private static SessionRuntime containerRuntime(
      SessionProperties properties,
      SecretDelivery delivery,
      RepositoryCloner.Credentials credentials,
      SessionGitCredentials.Issuer gitIssuer,
      String gitApiUrl) {
    Path root = root(properties);
    EngineSetup engine =
        EngineSetup.detect(root.resolve("engine"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "renku.sessions.runtime=container needs podman on this machine (Debian"
                            + " packages podman and runc); or use the process runtime"));
    log.info("Sessions run as containers: {}", engine.facts().describe());
    Path git = Path.of("/usr/bin/git");
    return new ContainerRuntime(
        engine.podman(),
        new ContainerRuntime.Settings(
            root.resolve("containers"),
            properties.startTimeout(),
            properties.container().pullTimeout(),
            engine.facts().limits().stream()
                .map(io.renku.data.session.runtime.container.EngineFacts.Limit::controller)
                .collect(java.util.stream.Collectors.toSet()),
            ContainerRuntime.hasInit(),
            properties.container().cpuLimitFactor(),
            ContainerRuntime.cgroupParent(engine.facts())),
        new RepositoryCloner(
            git, properties.container().allowPrivateRepositoryHosts(), credentials),
        delivery,
        RcloneMounts.onThisMachine(MOUNT_TIMEOUT).orElse(null),
        gitIssuer,
        containerApiUrl(gitApiUrl, properties.publicUrl()));
  }

  /**
   * The data API's URL as a session's container reaches it (the git credential helper's token
   * endpoint, decision 0040): the setting, else the public URL's, where a loopback host becomes
   * podman's name of the host ({@code host.containers.internal}).
   */
  static String containerApiUrl(String configured, String publicUrl) {
    if (configured != null && !configured.isBlank()) {
      return configured.replaceAll("/+$", "");
    }
    if (publicUrl == null || publicUrl.isBlank()) {
      return null;
    }
    java.net.URI u = java.net.URI.create(publicUrl.replaceAll("/+$", ""));
    String host = u.getHost();
    if ("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host)) {
      host = "host.containers.internal";
    }
    return u.getScheme()
        + "://"
        + host
        + (u.getPort() > 0 ? ":" + u.getPort() : "")
        + (u.getRawPath() == null ? "" : u.getRawPath())
        + "/api/data";
  }

  /** The data API's URL as a cluster session reaches it: the setting, else the public URL's. */
  static String clusterApiUrl(String configured, String publicUrl) {
    if (configured != null && !configured.isBlank()) {
      return configured.replaceAll("/+$", "");
    }
    return publicUrl == null || publicUrl.isBlank()
        ? null
        : publicUrl.replaceAll("/+$", "") + "/api/data";
  }

  /** The owner's connected services give the session's git its credentials (decision 0040). */
  static SessionGitCredentials.Issuer gitIssuer(
      org.springframework.beans.factory.ObjectProvider<RepositoryService> repositories) {
    return new SessionGitCredentials.Issuer() {
      @Override
      public java.util.List<SessionGitCredentials.Grant> issue(
          String ownerId, String sessionName, java.util.List<String> urls) {
        RepositoryService r = repositories.getIfAvailable();
        if (r == null) {
          return java.util.List.of();
        }
        return r.sessionGitGrants(ownerId, sessionName, urls).stream()
            .map(
                g ->
                    new SessionGitCredentials.Grant(
                        g.urlPrefix(), g.connectionId(), g.username(), g.refreshToken()))
            .toList();
      }

      @Override
      public void revoke(String sessionName) {
        RepositoryService r = repositories.getIfAvailable();
        if (r != null) {
          r.revokeSessionGitGrants(sessionName);
        }
      }

      @Override
      public java.util.Optional<String> cloneAuthorization(String ownerId, String url) {
        RepositoryService r = repositories.getIfAvailable();
        return r == null ? java.util.Optional.empty() : r.gitAuthorization(ownerId, url);
      }
    };
  }

  /** How long one data connector's mount may take before the session starts without it. */
  private static final java.time.Duration MOUNT_TIMEOUT = java.time.Duration.ofSeconds(20);

  @Bean(destroyMethod = "close")
  SessionRuntime sessionRuntime(
      SessionProperties properties,
      DataSource dataSource,
      org.springframework.beans.factory.ObjectProvider<SecretDelivery> delivery,
      org.springframework.beans.factory.ObjectProvider<RepositoryService> repositories,
      @org.springframework.beans.factory.annotation.Value(
              "${renku.sessions.git-credentials.api-url:}")
          String gitApiUrl) {
    // The owner's connected service gives the clone its credentials (decision 0040); looked up
    // per clone, so that the runtime does not wait for the connected services at start-up.
    RepositoryCloner.Credentials credentials =
        (ownerId, url) -> {
          RepositoryService r = repositories.getIfAvailable();
          return r == null ? java.util.Optional.empty() : r.gitAuthorization(ownerId, url);
        };
    SessionRuntime runtime =
        runtime(
            properties,
            dataSource,
            delivery.getIfAvailable(),
            credentials,
            gitIssuer(repositories),
            gitApiUrl);
    java.util.Set<Integer> avoid = new java.util.HashSet<>();
    if (properties.reservedPorts() != null) {
      avoid.addAll(properties.reservedPorts());
    }
    avoid.addAll(LoopbackPorts.portOf(properties.publicUrl()));
    runtime.avoidPorts(avoid);
    return runtime;
  }

  private SessionRuntime runtime(
      SessionProperties properties,
      DataSource dataSource,
      SecretDelivery delivery,
      RepositoryCloner.Credentials credentials,
      SessionGitCredentials.Issuer gitIssuer,
      String gitApiUrl) {
    return switch (properties.runtime()) {
      case "local", "process" ->
          new LocalProcessRuntime(root(properties), properties.startTimeout());
      case "container" -> containerRuntime(properties, delivery, credentials, gitIssuer, gitApiUrl);
      case "kubernetes" -> {
        SessionProperties.Kubernetes k = properties.kubernetes();
        if (k.ingressHost().isBlank()) {
          throw new IllegalStateException(
              "renku.sessions.kubernetes.ingress-host is required with the kubernetes runtime");
        }
        Config config =
            k.masterUrl().isBlank()
                ? Config.autoConfigure(null)
                : new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl(k.masterUrl())
                    .withTrustCerts(true)
                    .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        CacheSchema.migrate(dataSource);
        yield new KubernetesRuntime(
            client,
            new CacheStore(dataSource),
            new KubernetesSettings(
                k.namespace(),
                k.ingressHost(),
                k.ingressClassName(),
                k.ingressAnnotations(),
                k.tlsSecret(),
                k.useDefaultClusterTlsCert(),
                k.storageClass(),
                k.cpuLimitFactor(),
                k.serviceAccountName(),
                k.imagePullSecrets(),
                new KubernetesSettings.Culling(
                    properties.maxAge(),
                    k.culling().failed(),
                    k.culling().pending(),
                    k.culling().idle(),
                    k.culling().hibernated()),
                new KubernetesSettings.Oidc(
                    k.oidc().issuerUrl(),
                    k.oidc().clientId(),
                    k.oidc().clientSecret(),
                    k.oidc().allowUnverifiedEmail()),
                KubernetesSettings.ANONYMOUS_COOKIE),
            delivery,
            gitIssuer,
            clusterApiUrl(gitApiUrl, properties.publicUrl()));
      }
      default ->
          throw new IllegalStateException(
              "renku.sessions.runtime must be container, process or kubernetes; got '"
                  + properties.runtime()
                  + "'");
    };
  }
}

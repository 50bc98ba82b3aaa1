package io.renku.data.builders.local;

import io.renku.data.session.runtime.container.EngineSetup;
import io.renku.data.session.runtime.container.LocalImages;
import io.renku.data.session.runtime.container.Podman;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local image builder and its registry, when {@code renku.builds.enabled=true} and {@code
 * renku.builds.builder=local} (local mode turns both on where podman and {@code docker-registry}
 * are installed). The registry starts with the data service and stops with it.
 */
@Configuration
@EnableConfigurationProperties(LocalBuildProperties.class)
@ConditionalOnExpression(
    "${renku.builds.enabled:false} and '${renku.builds.builder:local}' == 'local'")
public class LocalBuildConfig {
  private static final Logger log = LoggerFactory.getLogger(LocalBuildConfig.class);

  private static Path dir(String configured, String fallback) {
    return configured.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "renku-builds", fallback)
        : Path.of(configured);
  }

  @Bean(destroyMethod = "close")
  LocalRegistry localRegistry(
      LocalBuildProperties properties,
      @Value("${renku.sessions.reserved-ports:}") String reservedPorts,
      @Value("${renku.sessions.public-url:}") String publicUrl) {
    // Ports the platform itself binds later (local mode: the gateway's), which the registry must
    // not take first; read as text so that this configuration needs no session settings.
    java.util.Set<Integer> avoid = new java.util.HashSet<>();
    for (String p : reservedPorts.split(",")) {
      if (!p.isBlank()) {
        avoid.add(Integer.parseInt(p.strip()));
      }
    }
    avoid.addAll(io.renku.data.session.runtime.LoopbackPorts.portOf(publicUrl));
    return LocalRegistry.start(dir(properties.registryDir(), "registry"), avoid);
  }

  @Bean(destroyMethod = "close")
  PodmanImageBuilder imageBuilder(
      LocalBuildProperties properties,
      LocalRegistry registry,
      @Value("${renku.builds.allow-private-repositories:false}") boolean allowPrivate,
      org.springframework.beans.factory.ObjectProvider<
              io.renku.data.connectedservice.RepositoryService>
          repositories) {
    Path work = dir(properties.workDir(), "work");
    // podman is asked what this machine allows at the first build, not while the service starts
    Supplier<Podman> engine =
        () ->
            EngineSetup.detect(work.resolveSibling("engine"))
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "podman is not installed (Debian packages podman, buildah and runc)"))
                .podman();
    Function<Podman, String> jupyter =
        podman ->
            new LocalImages(podman, LocalImages.defaultCacheDir(), line -> log.info("{}", line))
                .ensureJupyter();
    log.info("Image builds run with podman on this machine and push to {}", registry.address());
    return new PodmanImageBuilder(
        engine,
        jupyter,
        registry,
        new LocalBuildSettings(
            work,
            properties.cloneTimeout(),
            properties.buildTimeout(),
            properties.pushTimeout(),
            allowPrivate,
            properties.maxConcurrent()),
        // the build's owner's connected service clones private repositories (decision 0040)
        (ownerId, url) -> {
          var r = repositories.getIfAvailable();
          return r == null ? java.util.Optional.empty() : r.gitAuthorization(ownerId, url);
        });
  }
}

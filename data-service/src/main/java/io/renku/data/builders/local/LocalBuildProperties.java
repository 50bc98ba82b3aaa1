package io.renku.data.builders.local;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the local image builder and its registry, bound from {@code renku.builds.local.*}
 * (used when {@code renku.builds.enabled=true} and {@code renku.builds.builder=local}).
 *
 * @param registryDir where the registry keeps its images (local mode: {@code <data
 *     dir>/builds/registry}); empty: {@code renku-builds/registry} in the temporary directory
 * @param workDir where builds clone and keep their build context while they run; empty: {@code
 *     renku-builds/work} in the temporary directory
 * @param cloneTimeout the longest a clone may take
 * @param buildTimeout the longest {@code podman build} may take
 * @param pushTimeout the longest a push to the registry may take
 * @param maxConcurrent how many builds run at once (they share this machine's cores)
 */
@ConfigurationProperties("renku.builds.local")
public record LocalBuildProperties(
    @DefaultValue("") String registryDir,
    @DefaultValue("") String workDir,
    @DefaultValue("5m") Duration cloneTimeout,
    @DefaultValue("30m") Duration buildTimeout,
    @DefaultValue("10m") Duration pushTimeout,
    @DefaultValue("1") int maxConcurrent) {}

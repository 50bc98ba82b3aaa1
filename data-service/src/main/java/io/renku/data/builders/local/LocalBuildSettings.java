package io.renku.data.builders.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every build of a {@link PodmanImageBuilder} is given.
 *
 * @param workDir where each build's clone and build context live while it runs (removed after)
 * @param cloneTimeout the longest a clone may take
 * @param buildTimeout the longest {@code podman build} may take
 * @param pushTimeout the longest the push to the registry may take
 * @param allowPrivateRepositories whether repositories on loopback or private addresses may be
 *     cloned (a platform reachable from this machine only)
 * @param maxConcurrent how many builds run at once; the others wait
 */
public record LocalBuildSettings(
    Path workDir,
    Duration cloneTimeout,
    Duration buildTimeout,
    Duration pushTimeout,
    boolean allowPrivateRepositories,
    int maxConcurrent) {}

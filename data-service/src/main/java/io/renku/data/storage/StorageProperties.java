package io.renku.data.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the storage schema and connection tests, bound from {@code renku.storage.*}.
 *
 * @param rclone the rclone binary (a name looked up on the PATH, or a path)
 * @param allowPrivateEndpoints whether configurations may name hosts on loopback or private
 *     networks (local mode and tests); link-local addresses (cloud metadata) are always refused
 * @param testTimeout how long a connection test may run before it is stopped and reported failed
 * @param maxConcurrent how many rclone processes (tests, obscuring) run at once
 */
@ConfigurationProperties("renku.storage")
public record StorageProperties(
    @DefaultValue("rclone") String rclone,
    @DefaultValue("false") boolean allowPrivateEndpoints,
    @DefaultValue("10s") Duration testTimeout,
    @DefaultValue("4") int maxConcurrent) {}

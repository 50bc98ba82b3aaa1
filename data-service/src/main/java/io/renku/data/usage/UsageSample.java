package io.renku.data.usage;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * One capture of one running session: what it requested, and for how long the capture counts at
 * most (the capture interval).
 *
 * @param since when this run of the session started (a resume starts a new run)
 */
public record UsageSample(
    String sessionName,
    OffsetDateTime since,
    String userId,
    String projectId,
    String launcherId,
    int poolId,
    int classId,
    double cpu,
    long memoryGb,
    long gpu,
    long diskGb,
    OffsetDateTime captureDate,
    Duration captureInterval) {}

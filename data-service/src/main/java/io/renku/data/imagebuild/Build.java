package io.renku.data.imagebuild;

import io.renku.data.build.BuildStatus;
import java.time.OffsetDateTime;

/**
 * One image build of an environment, as stored. The result fields are set exactly when it
 * succeeded.
 */
public record Build(
    String id,
    String environmentId,
    BuildStatus status,
    OffsetDateTime createdAt,
    String errorReason,
    OffsetDateTime completedAt,
    String resultImage,
    String resultRepositoryUrl,
    String resultCommitSha) {}

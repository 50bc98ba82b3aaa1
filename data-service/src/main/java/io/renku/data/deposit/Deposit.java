package io.renku.data.deposit;

import io.renku.core.ETags;
import java.time.OffsetDateTime;

/**
 * A user's export of a data connector's files to a data repository.
 *
 * @param originalId the provider's id of the deposit (Zenodo's deposition id)
 * @param path the path in the connector whose files go up, null for all of them
 * @param jobName names the current upload run (a rerun gets a new one, so that a run that lost its
 *     deposit to a rerun writes nothing more)
 */
public record Deposit(
    String id,
    String userId,
    String dataConnectorId,
    String provider,
    String status,
    String originalId,
    String name,
    String path,
    String jobName,
    String externalUrl,
    OffsetDateTime creationDate,
    OffsetDateTime updatedAt) {

  public static final String IN_PROGRESS = "in_progress";
  public static final String UPLOAD_COMPLETE = "upload_complete";
  public static final String COMPLETE = "complete";
  public static final String FAILED = "failed";

  public static final String ZENODO = "zenodo";
  public static final String ENVIDAT = "envidat";

  public String etag() {
    return ETags.of(id, status, updatedAt.toInstant().toString());
  }

  public Deposit withStatus(String newStatus) {
    return new Deposit(
        id,
        userId,
        dataConnectorId,
        provider,
        newStatus,
        originalId,
        name,
        path,
        jobName,
        externalUrl,
        creationDate,
        updatedAt);
  }
}

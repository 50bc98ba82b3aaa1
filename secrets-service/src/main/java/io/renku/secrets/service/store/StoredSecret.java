package io.renku.secrets.service.store;

import io.renku.secrets.crypto.SealedSecret;
import java.time.OffsetDateTime;

/**
 * A row of {@code secrets.user_secrets} as this service needs it: who owns it and its sealed value.
 */
public record StoredSecret(
    String id,
    String userId,
    String defaultFilename,
    OffsetDateTime expirationTimestamp,
    SealedSecret sealed) {}

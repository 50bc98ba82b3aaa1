package io.renku.data.secret;

import io.renku.core.RenkuException;
import io.renku.secrets.crypto.SecretBox;
import io.renku.secrets.crypto.UserKeys;
import io.renku.secrets.crypto.UserSecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's personal key for the secrets service ({@code GET /user/secret_key}, internal): the
 * original's {@code get_or_create_user_secret_key}, made at first need and stored under the
 * server's {@code ENCRYPTION_KEY}. The caller is checked by the controller's internal credential:
 * no user asks for it, the secrets service does, for the user it opens secrets for.
 */
@Service
public class UserKeyService {
  private static final Logger log = LoggerFactory.getLogger(UserKeyService.class);

  private final UserKeyRepository users;
  private final SecretKeys keys;
  private final UserKeys userKeys = new UserKeys(new SecretBox());

  public UserKeyService(UserKeyRepository users, SecretKeys keys) {
    this.users = users;
    this.keys = keys;
  }

  /** The user's key, made now if they have none; 404 for an unknown user. */
  @Transactional
  public UserSecretKey keyOf(String userId) {
    var row =
        users
            .lock(userId)
            .orElseThrow(() -> RenkuException.notFound("User " + userId + " not found."));
    if (row.isPresent()) {
      return userKeys.decryptFromStorage(keys.encryptionKey(), userId, row.get());
    }
    UserSecretKey key = UserKeys.newKey();
    users.store(userId, userKeys.encryptForStorage(keys.encryptionKey(), userId, key));
    log.info("Made the secret key of user {}", userId);
    return key;
  }
}

package io.renku.data.secret;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a user's secrets are used, told by the domains that use them (project session secret slots,
 * data connectors), so that {@code /user/secrets} can answer {@code session_secret_slot_ids} and
 * {@code data_connector_ids} without this domain reading their tables.
 *
 * <p>Implementations read only the given user's rows and never fail on unknown ids (they are left
 * out of the answer).
 */
public interface SecretUses {

  /** What kind of thing uses the secrets. */
  enum Kind {
    SESSION_SECRET_SLOT,
    DATA_CONNECTOR
  }

  Kind kind();

  /**
   * @return secret id → ids of the things of {@link #kind()} using it, for those of {@code
   *     secretIds} that {@code userId} uses anywhere
   */
  Map<String, List<String>> uses(String userId, Collection<String> secretIds);
}

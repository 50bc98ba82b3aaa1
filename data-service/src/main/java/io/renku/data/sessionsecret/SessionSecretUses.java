package io.renku.data.sessionsecret;

import io.renku.data.secret.SecretUses;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Which of a user's secrets fill which session secret slots ({@code session_secret_slot_ids}). */
@Component
class SessionSecretUses implements SecretUses {
  private final SessionSecretRepository repository;

  SessionSecretUses(SessionSecretRepository repository) {
    this.repository = repository;
  }

  @Override
  public Kind kind() {
    return Kind.SESSION_SECRET_SLOT;
  }

  @Override
  public Map<String, List<String>> uses(String userId, Collection<String> secretIds) {
    return repository.slotsBySecret(userId, secretIds);
  }
}

package io.renku.data.dataconnector;

import io.renku.data.secret.SecretUses;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Which of a user's secrets hold credentials of which data connectors ({@code data_connector_ids}).
 */
@Component
class DataConnectorSecretUses implements SecretUses {
  private final DataConnectorSecretRepository repository;

  DataConnectorSecretUses(DataConnectorSecretRepository repository) {
    this.repository = repository;
  }

  @Override
  public Kind kind() {
    return Kind.DATA_CONNECTOR;
  }

  @Override
  public Map<String, List<String>> uses(String userId, Collection<String> secretIds) {
    return repository.connectorsBySecret(userId, secretIds);
  }
}

package io.renku.data.dataconnector;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Slugs;
import io.renku.data.secret.UserSecret;
import io.renku.data.secret.UserSecretService;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caller's own credentials for a connector, each kept as one of their user secrets of kind
 * {@code storage} (sealed by {@link UserSecretService}); answers name the secrets, never the
 * values.
 */
@Service
public class DataConnectorSecretService {
  private static final Logger log = LoggerFactory.getLogger(DataConnectorSecretService.class);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataConnectorService connectors;
  private final DataConnectorSecretRepository saved;
  private final DataConnectorStorageRules storageRules;
  private final UserSecretService userSecrets;

  public DataConnectorSecretService(
      DataConnectorService connectors,
      DataConnectorSecretRepository saved,
      DataConnectorStorageRules storageRules,
      UserSecretService userSecrets) {
    this.connectors = connectors;
    this.saved = saved;
    this.storageRules = storageRules;
    this.userSecrets = userSecrets;
  }

  /** A credential to save; a null value removes the saved one. */
  public record Change(String name, String value) {
    @Override
    public String toString() {
      return "Change[name=" + name + ", value hidden]";
    }
  }

  public List<DataConnectorSecret> list(ApiUser caller, String dataConnectorId) {
    caller.requireAuthenticated();
    connectors.get(caller, dataConnectorId);
    return saved.list(caller.id(), dataConnectorId);
  }

  /** Adds, changes or (null value) removes the caller's credentials; answers all saved ones. */
  @Transactional
  public List<DataConnectorSecret> save(
      ApiUser caller, String dataConnectorId, List<Change> changes) {
    caller.requireAuthenticated();
    DataConnector d = connectors.get(caller, dataConnectorId);
    Set<String> seen = new HashSet<>();
    for (Change c : changes) {
      if (c.name() == null || !storageRules.isCredential(d.storage(), c.name())) {
        throw RenkuException.validation(
            "name",
            "'"
                + c.name()
                + "' is not a credential option of the storage type "
                + d.storage().storageType());
      }
      if (!seen.add(c.name())) {
        throw RenkuException.validation("name", "'" + c.name() + "' is given twice");
      }
    }
    Map<String, String> existing =
        saved.list(caller.id(), dataConnectorId).stream()
            .collect(
                Collectors.toMap(
                    DataConnectorSecret::name,
                    DataConnectorSecret::secretId,
                    (a, b) -> a,
                    LinkedHashMap::new));
    Set<String> takenNames = null;
    for (Change asGiven : changes) {
      Change c =
          asGiven.value() == null
              ? asGiven
              : new Change(
                  asGiven.name(),
                  storageRules.asStored(d.storage(), asGiven.name(), asGiven.value()));
      String secretId = existing.get(c.name());
      if (c.value() == null) {
        if (secretId != null) {
          // the link row goes with the secret (ON DELETE CASCADE)
          userSecrets.delete(caller, secretId);
        }
        continue;
      }
      if (secretId != null) {
        userSecrets.update(
            caller, secretId, new UserSecretService.Draft(null, c.value(), null, null, null));
        continue;
      }
      if (takenNames == null) {
        takenNames =
            userSecrets.list(caller, UserSecret.STORAGE).stream()
                .map(UserSecret::name)
                .collect(Collectors.toCollection(HashSet::new));
      }
      String name = uniqueName(takenNames, truncate(d.name(), 45) + " - " + truncate(c.name(), 45));
      takenNames.add(name);
      UserSecret created =
          userSecrets.create(
              caller,
              new UserSecretService.Draft(
                  name, c.value(), UserSecret.STORAGE, defaultFilename(c.name()), null));
      saved.insert(caller.id(), dataConnectorId, new DataConnectorSecret(c.name(), created.id()));
    }
    log.info(
        "User {} saved {} credential change(s) for data connector {}",
        caller.id(),
        changes.size(),
        dataConnectorId);
    return saved.list(caller.id(), dataConnectorId);
  }

  /** Removes all the caller's credentials for a connector (204 also when there are none). */
  @Transactional
  public void deleteAll(ApiUser caller, String dataConnectorId) {
    caller.requireAuthenticated();
    // No read check: a user may always remove their own secrets, even for a connector they can no
    // longer see.
    for (DataConnectorSecret s : saved.list(caller.id(), dataConnectorId)) {
      userSecrets.delete(caller, s.secretId());
    }
  }

  private static String uniqueName(Set<String> taken, String base) {
    String name = base;
    for (int i = 2; taken.contains(name); i++) {
      name = base + " (" + i + ")";
    }
    return name;
  }

  /** As the original: the option's slug and a random suffix, so files do not collide. */
  private static String defaultFilename(String option) {
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return truncate(Slugs.fromName(option, "secret"), 80) + "-" + suffix;
  }

  private static String truncate(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }
}

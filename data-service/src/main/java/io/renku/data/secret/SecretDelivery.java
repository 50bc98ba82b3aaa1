package io.renku.data.secret;

import java.nio.file.Path;
import java.util.Map;

/**
 * Hands a user's stored secrets to one session. Only the secrets service can open a stored secret
 * (it holds the private key; the data service holds the users' keys); implementations ask it to, so
 * the data service never holds a plaintext value.
 *
 * <p>Failure modes, all as {@link SecretDeliveryException}: the secrets service cannot be reached
 * or answers an error; a secret id is unknown or not the user's (nothing is written then); a secret
 * has expired.
 */
public interface SecretDelivery {

  /**
   * Local mode: writes each secret's value into a file of the session's secrets directory, which
   * only the secrets service writes and only that session reads.
   *
   * @param userId the session owner, whose secrets these must be
   * @param sessionName the session (the directory's name below the configured root)
   * @param files relative file path (a name, or {@code <dir>/<name>}; no {@code ..}) → user secret
   *     id
   * @return the session's secrets directory
   */
  Path writeFiles(String userId, String sessionName, Map<String, String> files);

  /** Local mode: removes a session's secrets directory (deleting a missing one is not an error). */
  void removeFiles(String sessionName);

  /**
   * Cluster mode, as the original's {@code POST /api/secrets/kubernetes}: creates (or replaces) a
   * Kubernetes Secret holding the values, owned by the session's object so that it goes with it.
   *
   * @param userId the session owner, whose secrets these must be
   * @param secretName the Kubernetes Secret's name
   * @param namespace its namespace
   * @param keys key in the Secret → user secret id
   * @param owner the object that owns the Secret (the AmaltheaSession), or null
   */
  void createKubernetesSecret(
      String userId,
      String secretName,
      String namespace,
      Map<String, String> keys,
      OwnerReference owner);

  /** A Kubernetes owner reference, as the original's request carries it. */
  record OwnerReference(String apiVersion, String kind, String name, String uid) {}

  /** Why a delivery failed; the message never holds a secret value. */
  final class SecretDeliveryException extends RuntimeException {
    public SecretDeliveryException(String message) {
      super(message);
    }

    public SecretDeliveryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

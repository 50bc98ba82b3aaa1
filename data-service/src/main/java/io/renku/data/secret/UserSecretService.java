package io.renku.data.secret;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.secrets.crypto.SealedSecret;
import io.renku.secrets.crypto.SecretBox;
import io.renku.secrets.crypto.SecretSealing;
import io.renku.secrets.crypto.UserKeys;
import io.renku.secrets.crypto.UserSecretKey;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caller's own secrets ({@code /user/secrets}): only their owner sees or changes them (anyone
 * else gets 404), and their values go in and never come out. A value is sealed as the original
 * seals it ({@code secrets-crypto}, decision 0029) with the owner's key, made at their first secret
 * and kept encrypted with the server's key; only the secrets service can take the outer layer off,
 * and only a session holding the user's key the inner one.
 */
@Service
public class UserSecretService {
  private static final Logger log = LoggerFactory.getLogger(UserSecretService.class);

  private final UserSecretRepository secrets;
  private final SecretKeys keys;
  // User keys are opened on every write of a secret: cache their derivations.
  private final SecretBox userKeyBox = new SecretBox();
  private final UserKeys userKeys = new UserKeys(userKeyBox);
  private final SecretSealing sealing = new SecretSealing(userKeyBox, SecretBox.uncached());

  private final List<SecretUses> uses;

  public UserSecretService(UserSecretRepository secrets, SecretKeys keys, List<SecretUses> uses) {
    this.secrets = secrets;
    this.uses = List.copyOf(uses);
    this.keys = keys;
  }

  /** What a create or change asks for; null fields keep their defaults or values. */
  public record Draft(
      String name,
      String value,
      String kind,
      String defaultFilename,
      OffsetDateTime expirationTimestamp) {
    @Override
    public String toString() {
      return "Draft[name=" + name + ", kind=" + kind + ", value hidden]";
    }
  }

  public List<UserSecret> list(ApiUser caller, String kind) {
    caller.requireAuthenticated();
    return secrets.list(caller.id(), kind == null ? UserSecret.GENERAL : kind);
  }

  /** A secret with where its owner uses it (slot ids and data connector ids). */
  public record Used(UserSecret secret, List<String> slotIds, List<String> dataConnectorIds) {}

  /** The given secrets of the caller with where they use them, in the same order. */
  public List<Used> withUses(ApiUser caller, List<UserSecret> list) {
    List<String> ids = list.stream().map(UserSecret::id).toList();
    java.util.Map<SecretUses.Kind, java.util.Map<String, List<String>>> byKind =
        new java.util.EnumMap<>(SecretUses.Kind.class);
    if (!ids.isEmpty()) {
      for (SecretUses u : uses) {
        byKind.put(u.kind(), u.uses(caller.id(), ids));
      }
    }
    return list.stream()
        .map(
            s ->
                new Used(
                    s,
                    byKind
                        .getOrDefault(SecretUses.Kind.SESSION_SECRET_SLOT, java.util.Map.of())
                        .getOrDefault(s.id(), List.of()),
                    byKind
                        .getOrDefault(SecretUses.Kind.DATA_CONNECTOR, java.util.Map.of())
                        .getOrDefault(s.id(), List.of())))
        .toList();
  }

  public UserSecret get(ApiUser caller, String id) {
    caller.requireAuthenticated();
    return secrets.get(caller.id(), id, false).orElseThrow(() -> notFound(id));
  }

  @Transactional
  public UserSecret create(ApiUser caller, Draft d) {
    caller.requireAuthenticated();
    String name = requireName(d.name());
    UserSecret s =
        new UserSecret(
            Ulid.next(),
            caller.id(),
            name,
            d.kind() == null ? UserSecret.GENERAL : d.kind(),
            d.defaultFilename() == null ? defaultFilename(name) : d.defaultFilename(),
            d.expirationTimestamp(),
            now());
    SealedSecret sealed = seal(caller.id(), d.value());
    try {
      secrets.insert(s, sealed);
    } catch (DuplicateKeyException e) {
      throw RenkuException.conflict(
          "You already have a " + s.kind() + " secret named " + name + ".");
    }
    log.info("User {} created secret {} ({})", caller.id(), s.id(), s.kind());
    return s;
  }

  /** Those of the given ids that are the caller's own secrets (others are left out, unseen). */
  public List<UserSecret> own(ApiUser caller, java.util.Collection<String> ids) {
    caller.requireAuthenticated();
    return secrets.byIds(caller.id(), ids);
  }

  /**
   * A new general secret for a project's secret slot, as the original makes one when a member fills
   * a slot with a value: named after the slot (with a random suffix when the caller already has a
   * secret of that name, since names are unique per user here) and a file name with a suffix.
   */
  @Transactional
  public UserSecret createForSlot(ApiUser caller, String slotName, String value) {
    caller.requireAuthenticated();
    String base = requireName(slotName);
    String suffix = suffix();
    String name = base;
    if (secrets.nameTaken(caller.id(), UserSecret.GENERAL, name)) {
      name = (base.length() > 90 ? base.substring(0, 90) : base) + " " + suffix;
    }
    String file = defaultFilename(base);
    file = (file.length() > 90 ? file.substring(0, 90) : file) + "-" + suffix;
    return create(caller, new Draft(name, value, UserSecret.GENERAL, file, null));
  }

  @Transactional
  public UserSecret update(ApiUser caller, String id, Draft d) {
    caller.requireAuthenticated();
    UserSecret old = secrets.get(caller.id(), id, true).orElseThrow(() -> notFound(id));
    UserSecret s =
        new UserSecret(
            old.id(),
            old.userId(),
            d.name() == null ? old.name() : requireName(d.name()),
            old.kind(),
            d.defaultFilename() == null ? old.defaultFilename() : d.defaultFilename(),
            expiration(old, d),
            now());
    try {
      secrets.update(s, d.value() == null ? null : seal(caller.id(), d.value()));
    } catch (DuplicateKeyException e) {
      throw RenkuException.conflict(
          "You already have a " + s.kind() + " secret named " + s.name() + ".");
    }
    log.info("User {} changed secret {}", caller.id(), id);
    return s;
  }

  /**
   * As the original: a new expiration replaces the old one; a new value without one makes the
   * secret never expire (a replaced credential is a fresh one); otherwise the old one stays.
   */
  private static OffsetDateTime expiration(UserSecret old, Draft d) {
    if (d.expirationTimestamp() != null) {
      return d.expirationTimestamp();
    }
    return d.value() != null ? null : old.expirationTimestamp();
  }

  @Transactional
  public void delete(ApiUser caller, String id) {
    caller.requireAuthenticated();
    secrets.delete(caller.id(), id);
  }

  /**
   * Removes one of a user's storage secrets without a caller: a data connector's deletion removes
   * the credentials every user saved for it (the connector's service decides who may delete it).
   */
  @Transactional
  public void removeStorageSecret(String userId, String id) {
    secrets
        .get(userId, id, true)
        .filter(s -> UserSecret.STORAGE.equals(s.kind()))
        .ifPresent(s -> secrets.delete(userId, id));
  }

  private SealedSecret seal(String userId, String value) {
    if (value == null || value.isEmpty()) {
      throw RenkuException.validation("value", "is required");
    }
    return sealing.seal(userId, userKey(userId), value, keys.servicePublicKey());
  }

  /** The user's key: made and stored (encrypted with the server's key) at their first secret. */
  private UserSecretKey userKey(String userId) {
    // Only the first secret takes the row lock (so that two first secrets make one key): holding
    // it through every seal (a PBKDF2 derivation, ~0.1 s) would serialise all of a user's writes.
    byte[] stored = secrets.userKey(userId).or(() -> secrets.lockUserKey(userId)).orElse(null);
    if (stored != null) {
      return userKeys.decryptFromStorage(keys.encryptionKey(), userId, stored);
    }
    UserSecretKey key = UserKeys.newKey();
    secrets.storeUserKey(userId, userKeys.encryptForStorage(keys.encryptionKey(), userId, key));
    return key;
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw RenkuException.validation("name", "must not be blank");
    }
    return name.strip();
  }

  /** A file name from the secret's name, as the original makes one when none is given. */
  static String defaultFilename(String name) {
    String f = name.replaceAll("[^a-zA-Z0-9_\\-.]", "_");
    return f.length() > 99 ? f.substring(0, 99) : f;
  }

  /** Eight random lower-case letters and digits, as the original's suffix. */
  private static String suffix() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    byte[] bytes = new byte[8];
    io.renku.core.RandomBytes.fill(bytes);
    StringBuilder b = new StringBuilder(8);
    for (byte x : bytes) {
      b.append(alphabet.charAt(Math.floorMod(x, alphabet.length())));
    }
    return b.toString();
  }

  private static RenkuException notFound(String id) {
    return RenkuException.notFound("Secret " + id + " does not exist.");
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}

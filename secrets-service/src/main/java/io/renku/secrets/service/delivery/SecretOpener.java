package io.renku.secrets.service.delivery;

import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import io.renku.secrets.crypto.SecretCryptoException;
import io.renku.secrets.crypto.SecretSealing;
import io.renku.secrets.crypto.ServiceKeys;
import io.renku.secrets.crypto.UserSecretKey;
import io.renku.secrets.service.store.SealedSecretRepository;
import io.renku.secrets.service.store.StoredSecret;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Opens a user's stored secrets, all or none: every id must name a secret of that user that has not
 * expired (with the original's two minutes of margin), else nothing is opened. {@link #openOuter}
 * takes off the layer of this service's key only (what a Kubernetes Secret holds, as the
 * original's); {@link #openFully} also the user's layer (local files, read as they are).
 */
@Service
public class SecretOpener {
  private static final Logger log = LoggerFactory.getLogger(SecretOpener.class);
  private static final Pattern ULID = Pattern.compile("^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$");
  private static final long EXPIRY_MARGIN_SECONDS = 120;

  private final SealedSecretRepository secrets;
  private final ServiceKeys keys;
  private final SecretSealing sealing;
  private final UserKeyClient userKeys;

  public SecretOpener(
      SealedSecretRepository secrets,
      ServiceKeys keys,
      SecretSealing sealing,
      UserKeyClient userKeys) {
    this.secrets = secrets;
    this.keys = keys;
    this.sealing = sealing;
    this.userKeys = userKeys;
  }

  /** One opened secret; {@code value} is the caller's to wipe after use. */
  public record Opened(String id, String defaultFilename, byte[] value) {
    @Override
    public String toString() {
      return "Opened[" + id + ", value hidden]";
    }
  }

  /** The inner tokens (still under the user's key), by id in the order asked. */
  public Map<String, Opened> openOuter(String userId, Collection<String> ids) {
    List<StoredSecret> found = load(userId, ids);
    Map<String, Opened> opened = new LinkedHashMap<>();
    found.parallelStream()
        .map(s -> new Opened(s.id(), s.defaultFilename(), outer(userId, s)))
        .toList()
        .forEach(o -> opened.put(o.id(), o));
    return order(opened, ids);
  }

  /** The plaintext values, by id in the order asked. */
  public Map<String, Opened> openFully(String userId, Collection<String> ids) {
    List<StoredSecret> found = load(userId, ids);
    UserSecretKey userKey = userKeys.keyOf(userId);
    Map<String, Opened> opened = new LinkedHashMap<>();
    // Each secret's outer layer costs a key derivation of its own (480,000 PBKDF2 iterations,
    // about 0.1 s of a core): a session's secrets open on all cores at once, not one by one.
    List<Opened> values =
        found.parallelStream()
            .map(
                s -> {
                  byte[] inner = outer(userId, s);
                  try {
                    return new Opened(
                        s.id(), s.defaultFilename(), sealing.openInner(userId, userKey, inner));
                  } catch (SecretCryptoException e) {
                    log.error(
                        "Secret {} of user {} does not open with the user's key", s.id(), userId);
                    throw cannotOpen(s.id());
                  } finally {
                    java.util.Arrays.fill(inner, (byte) 0);
                  }
                })
            .toList();
    values.forEach(o -> opened.put(o.id(), o));
    return order(opened, ids);
  }

  private List<StoredSecret> load(String userId, Collection<String> ids) {
    if (userId == null || userId.isBlank()) {
      throw RenkuException.validation("user_id", "is required");
    }
    if (ids.isEmpty()) {
      throw RenkuException.validation("secret_ids", "at least one secret is required");
    }
    for (String id : ids) {
      if (id == null || !ULID.matcher(id).matches()) {
        throw RenkuException.validation("secret_ids", "not a secret id: " + id);
      }
    }
    Set<String> wanted = new LinkedHashSet<>(ids);
    List<StoredSecret> found = secrets.findOwned(userId, wanted);
    Set<String> missing = new TreeSet<>(wanted);
    found.forEach(s -> missing.remove(s.id()));
    if (!missing.isEmpty()) {
      // unknown and another user's look the same: nobody learns which ids exist
      throw RenkuException.notFound("Couldn't find secrets with ids " + String.join(", ", missing));
    }
    OffsetDateTime limit = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(EXPIRY_MARGIN_SECONDS);
    Set<String> expired = new TreeSet<>();
    for (StoredSecret s : found) {
      if (s.expirationTimestamp() != null && !s.expirationTimestamp().isAfter(limit)) {
        expired.add(s.id());
      }
    }
    if (!expired.isEmpty()) {
      throw new RenkuException(
          ErrorCode.VALIDATION,
          "These secrets have expired: " + String.join(", ", expired),
          "secret_ids");
    }
    return found;
  }

  private byte[] outer(String userId, StoredSecret s) {
    try {
      return sealing.unsealOuter(userId, s.sealed(), keys);
    } catch (SecretCryptoException e) {
      // the failure kind only: it never carries a value
      log.error("Secret {} of user {} does not open: {}", s.id(), userId, e.failure());
      throw cannotOpen(s.id());
    }
  }

  private static RenkuException cannotOpen(String id) {
    return new RenkuException(
        ErrorCode.INTERNAL, "An error occurred decrypting secrets.", "secret " + id);
  }

  private static Map<String, Opened> order(Map<String, Opened> opened, Collection<String> ids) {
    Map<String, Opened> ordered = new LinkedHashMap<>();
    for (String id : ids) {
      ordered.put(id, opened.get(id));
    }
    return ordered;
  }
}

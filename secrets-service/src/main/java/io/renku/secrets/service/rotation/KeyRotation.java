package io.renku.secrets.service.rotation;

import io.renku.secrets.crypto.SecretCryptoException;
import io.renku.secrets.crypto.SecretSealing;
import io.renku.secrets.crypto.ServiceKeys;
import io.renku.secrets.service.config.SecretsServiceProperties;
import io.renku.secrets.service.store.SealedSecretRepository;
import io.renku.secrets.service.store.StoredSecret;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * After a key rotation (the service started with a new current key and the previous one), wraps
 * every stored value's random key again for the current key, in batches, as the original's rotation
 * at start-up does: until it has run, values sealed before the rotation open through the previous
 * key; after it, the current key alone opens every value and the previous key can go. The value
 * itself is not rewritten ({@code SecretSealing#reseal}: its outer layer depends only on the random
 * key). Runs on a schedule ({@code renku.secrets.rotation.*}) and does nothing without a previous
 * key; one run at a time.
 */
@Component
public class KeyRotation {
  private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

  private final SealedSecretRepository secrets;
  private final ServiceKeys keys;
  private final SecretSealing sealing;
  private final int batchSize;
  private final ReentrantLock running = new ReentrantLock();

  public KeyRotation(
      SealedSecretRepository secrets,
      ServiceKeys keys,
      SecretSealing sealing,
      SecretsServiceProperties properties) {
    this.secrets = secrets;
    this.keys = keys;
    this.sealing = sealing;
    this.batchSize = Math.max(1, properties.rotation().batchSize());
  }

  /** What a run did: rewritten, already for the current key, not opening with either key. */
  public record Result(int rotated, int current, int failed) {}

  @Scheduled(
      initialDelayString = "${renku.secrets.rotation.initial-delay:10s}",
      fixedDelayString = "${renku.secrets.rotation.interval:1h}")
  void scheduled() {
    if (keys.previousPrivateKey().isPresent()) {
      try {
        rotate();
      } catch (RuntimeException e) {
        // next time again; the class only (a database error could quote a statement's bytes)
        log.error("Key rotation failed: {}", e.getClass().getName());
      }
    }
  }

  /** One run over every stored secret (nothing to do without a previous key). */
  public Result rotate() {
    if (keys.previousPrivateKey().isEmpty() || !running.tryLock()) {
      return new Result(0, 0, 0);
    }
    try {
      int rotated = 0;
      int current = 0;
      int failed = 0;
      String after = "";
      while (true) {
        List<StoredSecret> batch = secrets.batchAfter(after, batchSize);
        if (batch.isEmpty()) {
          break;
        }
        for (StoredSecret s : batch) {
          byte[] old = s.sealed().encryptedKey();
          if (keys.opensWithCurrent(old)) {
            current++;
            continue;
          }
          try {
            byte[] next = sealing.reseal(old, keys, keys.publicKey());
            if (secrets.replaceKey(s.id(), old, next)) {
              rotated++;
            } else {
              current++; // changed meanwhile: sealed afresh for the current key
            }
          } catch (SecretCryptoException e) {
            failed++;
            log.error("Secret {} opens with neither key ({})", s.id(), e.failure());
          }
        }
        after = batch.getLast().id();
      }
      log.info(
          "Key rotation: {} secrets rewrapped for the current key, {} were already, {} failed",
          rotated,
          current,
          failed);
      return new Result(rotated, current, failed);
    } finally {
      running.unlock();
    }
  }
}

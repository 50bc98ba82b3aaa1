package io.renku.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unguessable random bytes for ids made on every request (ULIDs, anonymous ids), without one lock
 * shared by all threads.
 *
 * <p>Why not {@code new SecureRandom()}: on Linux that is {@code NativePRNG}, whose instances all
 * share one static state behind one lock and read {@code /dev/urandom} again for every 32 bytes.
 * Under load each anonymous request waited on that lock and made a system call (about 2 % of the
 * CPU samples of a request through the gateway, bench/README.md). Here a fixed set of {@code DRBG}
 * instances (NIST SP 800-90A, seeded from the system's entropy source, reseeded by the JDK as the
 * standard requires) is used, one picked at random per call. Each instance is synchronized on its
 * own, so two threads rarely wait for each other. The output is as unguessable as a single {@code
 * SecureRandom}'s: which instance served a call reveals nothing about another's state.
 */
public final class RandomBytes {
  private static final SecureRandom[] INSTANCES = instances();
  private static final int MASK = INSTANCES.length - 1;

  private RandomBytes() {}

  /** Fills {@code bytes} with unguessable random bytes. */
  public static void fill(byte[] bytes) {
    instance().nextBytes(bytes);
  }

  /** One of the instances, to be used at once (not kept): for APIs that take a {@code Random}. */
  static SecureRandom instance() {
    return INSTANCES[ThreadLocalRandom.current().nextInt() & MASK];
  }

  /** How many instances there are: the next power of two at or above twice the cores. */
  static int instanceCount() {
    return INSTANCES.length;
  }

  private static SecureRandom[] instances() {
    int wanted = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    int n = Integer.highestOneBit(wanted - 1) << 1;
    SecureRandom[] all = new SecureRandom[n];
    for (int i = 0; i < n; i++) {
      try {
        all[i] = SecureRandom.getInstance("DRBG");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JDK has no DRBG SecureRandom", e);
      }
    }
    return all;
  }
}

package io.renku.secrets.service.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The credential the data service and the secrets service present to each other in the header
 * {@link #HEADER}. {@link #toString()} never shows it.
 */
public final class InternalToken {
  public static final String HEADER = "Renku-Internal-Token";

  private final byte[] token;

  public InternalToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Constant-time comparison with what a caller presented (null: nothing presented). */
  public boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The value to present to the data service. */
  public String value() {
    return new String(token, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "InternalToken[hidden]";
  }
}

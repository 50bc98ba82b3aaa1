package io.renku.secrets.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A user's personal secret key: the text of Python's {@code secrets.token_urlsafe(32)} (43
 * characters of base64url without padding). Its UTF-8 bytes are the PBKDF2 password of the inner
 * layer of that user's secrets. {@link #toString()} never shows it.
 */
public final class UserSecretKey {
  private final String text;

  public UserSecretKey(String text) {
    this.text = Objects.requireNonNull(text, "text");
  }

  /** The key's text, as {@code GET /user/secret_key} hands it to the user's sessions. */
  public String text() {
    return text;
  }

  /** The PBKDF2 password: the text as UTF-8 (Python's {@code user_secret_key.encode()}). */
  public byte[] password() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UserSecretKey that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return "UserSecretKey[redacted]";
  }
}

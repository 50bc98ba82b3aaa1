package io.renku.data.web;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that were already verified, until they expire. Clients send the same access
 * token with many requests; verifying its RSA signature and claims each time costs more CPU than
 * the rest of a small request. Only successfully verified tokens are kept, each until its own
 * {@code exp}, so nothing is accepted that the wrapped decoder would refuse at that moment: the
 * wrapped decoder checks signature, issuer, audience and token type before a token is kept here.
 */
final class CachingJwtDecoder implements JwtDecoder {
  static final int MAX_ENTRIES = 10_000;

  private final JwtDecoder delegate;
  private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

  CachingJwtDecoder(JwtDecoder delegate) {
    this.delegate = delegate;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Jwt cached = verified.get(token);
    Instant now = Instant.now();
    if (cached != null) {
      if (cached.getExpiresAt() != null && cached.getExpiresAt().isAfter(now)) {
        return cached;
      }
      verified.remove(token);
    }
    Jwt jwt = delegate.decode(token);
    if (jwt.getExpiresAt() != null) {
      if (verified.size() >= MAX_ENTRIES) {
        // Crude but bounded: drop expired entries, and everything if that was not enough.
        verified.values().removeIf(j -> !j.getExpiresAt().isAfter(now));
        if (verified.size() >= MAX_ENTRIES) {
          verified.clear();
        }
      }
      verified.put(token, jwt);
    }
    return jwt;
  }
}

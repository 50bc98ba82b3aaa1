package io.renku.data.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {
  private final AtomicInteger verifications = new AtomicInteger();

  /** A decoder that "verifies" tokens named valid-<seconds to live> and refuses others. */
  private final JwtDecoder verifier =
      token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("valid-")) {
          throw new BadJwtException("bad signature");
        }
        long ttl = Long.parseLong(token.substring("valid-".length()));
        Instant now = Instant.now();
        return Jwt.withTokenValue(token)
            .header("alg", "RS256")
            .subject("u")
            .issuedAt(now.minusSeconds(1))
            .expiresAt(now.plusSeconds(ttl))
            .build();
      };

  private final CachingJwtDecoder decoder = new CachingJwtDecoder(verifier);

  @Test
  void verifiesAValidTokenOnce() {
    assertThat(decoder.decode("valid-60").getSubject()).isEqualTo("u");
    assertThat(decoder.decode("valid-60").getSubject()).isEqualTo("u");
    assertThat(verifications).hasValue(1);
  }

  @Test
  void neverCachesRefusals() {
    assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThat(verifications).hasValue(2);
  }

  @Test
  void verifiesAgainOnceTheCachedTokenExpired() throws InterruptedException {
    decoder.decode("valid-1");
    Thread.sleep(1_100);
    decoder.decode("valid-1"); // the verifier itself accepts it again here (fresh expiry)
    assertThat(verifications).hasValue(2);
  }

  @Test
  void staysBounded() {
    for (int i = 0; i < CachingJwtDecoder.MAX_ENTRIES + 10; i++) {
      decoder.decode("valid-" + (600 + i));
    }
    verifications.set(0);
    decoder.decode("valid-" + (600 + CachingJwtDecoder.MAX_ENTRIES + 9));
    assertThat(verifications).hasValue(0);
  }
}

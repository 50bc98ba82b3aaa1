package io.renku.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The Fernet spec's published vectors (src/test/resources/fernet, from github.com/fernet/spec). */
class FernetSpecTest {

  static Stream<JsonNode> generate() {
    return vectors("fernet/generate.json");
  }

  static Stream<JsonNode> verify() {
    return vectors("fernet/verify.json");
  }

  static Stream<JsonNode> invalid() {
    return vectors("fernet/invalid.json");
  }

  @ParameterizedTest
  @MethodSource("generate")
  void encryptsToTheSpecsTokenForItsTimeAndIv(JsonNode v) {
    byte[] iv = new byte[16];
    for (int i = 0; i < 16; i++) {
      iv[i] = (byte) v.get("iv").get(i).asInt();
    }
    Fernet fernet = new Fernet(FernetKey.fromText(v.get("secret").asString()));

    String token =
        fernet.encrypt(
            v.get("src").asString().getBytes(StandardCharsets.UTF_8),
            OffsetDateTime.parse(v.get("now").asString()).toInstant(),
            iv);

    assertThat(token).isEqualTo(v.get("token").asString());
  }

  @ParameterizedTest
  @MethodSource("verify")
  void decryptsTheSpecsTokenWithinItsTtl(JsonNode v) {
    Fernet fernet = fernetAt(v);

    byte[] message =
        fernet.decrypt(v.get("token").asString(), Duration.ofSeconds(v.get("ttl_sec").asLong()));

    assertThat(new String(message, StandardCharsets.UTF_8)).isEqualTo(v.get("src").asString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesTheSpecsInvalidTokens(JsonNode v) {
    Fernet fernet = fernetAt(v);
    String token = v.get("token").asString();

    assertThatThrownBy(() -> fernet.decrypt(token, Duration.ofSeconds(v.get("ttl_sec").asLong())))
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(SecretCryptoException.Failure.INVALID_TOKEN);
              assertThat(e.getMessage())
                  .doesNotContain(token)
                  .doesNotContain(v.get("secret").asString());
              assertThat(e.getCause()).isNull();
            });
  }

  @Test
  void withoutTtlTheTokensAgeDoesNotMatterLikePythons() {
    JsonNode v = verify().findFirst().orElseThrow();
    // 40 years after the token was made
    Fernet fernet =
        new Fernet(
            FernetKey.fromText(v.get("secret").asString()),
            Clock.fixed(OffsetDateTime.parse("2026-01-01T00:00:00Z").toInstant(), ZoneOffset.UTC));

    assertThat(fernet.decrypt(v.get("token").asString())).asString().isEqualTo("hello");
    assertThatThrownBy(() -> fernet.decrypt(v.get("token").asString(), Duration.ofSeconds(60)))
        .isInstanceOf(SecretCryptoException.class);
  }

  @Test
  void aTokenOfAnotherKeyIsRefusedWithoutTheMessageOrKeyInTheError() {
    FernetKey key = FernetKey.generate();
    String token = new Fernet(key).encrypt("the planted value".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> new Fernet(FernetKey.generate()).decrypt(token))
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(SecretCryptoException.Failure.INVALID_TOKEN);
              assertThat(e.getMessage())
                  .doesNotContain("planted")
                  .doesNotContain(token)
                  .doesNotContain(key.text());
            });
  }

  @Test
  void anyFlippedBitOfATokenIsRefused() {
    FernetKey key = FernetKey.generate();
    Fernet fernet = new Fernet(key);
    byte[] raw =
        java.util.Base64.getUrlDecoder()
            .decode(fernet.encrypt("hello".getBytes(StandardCharsets.UTF_8)));

    for (int i = 0; i < raw.length; i++) {
      byte[] tampered = raw.clone();
      tampered[i] ^= 0x01;
      String token = java.util.Base64.getUrlEncoder().encodeToString(tampered);
      assertThatThrownBy(() -> fernet.decrypt(token))
          .as("bit flipped in byte %d", i)
          .isInstanceOf(SecretCryptoException.class);
    }
  }

  @Test
  void emptyAndShortInputIsRefusedAsAnInvalidToken() {
    Fernet fernet = new Fernet(FernetKey.generate());

    for (String token : new String[] {"", "gA==", "gAAAAAAdwJ6w"}) {
      assertThatThrownBy(() -> fernet.decrypt(token))
          .isInstanceOfSatisfying(
              SecretCryptoException.class,
              e -> assertThat(e.failure()).isEqualTo(SecretCryptoException.Failure.INVALID_TOKEN));
    }
  }

  @Test
  void keysOfAnotherLengthAreRefusedAndNeverPrinted() {
    assertThatThrownBy(() -> FernetKey.fromText("c2hvcnQ="))
        .isInstanceOfSatisfying(
            SecretCryptoException.class,
            e -> assertThat(e.failure()).isEqualTo(SecretCryptoException.Failure.INVALID_KEY));
    FernetKey key = FernetKey.generate();
    assertThat(key.toString()).doesNotContain(key.text());
    assertThat(FernetKey.fromText(key.text())).isEqualTo(key);
  }

  private static Fernet fernetAt(JsonNode v) {
    return new Fernet(
        FernetKey.fromText(v.get("secret").asString()),
        Clock.fixed(OffsetDateTime.parse(v.get("now").asString()).toInstant(), ZoneOffset.UTC));
  }

  private static Stream<JsonNode> vectors(String resource) {
    return StreamSupport.stream(Fixtures.json(resource).spliterator(), false);
  }
}

package io.renku.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PBKDF2-HMAC-SHA256 against RFC 7914 §11 and values of Python's hashlib.pbkdf2_hmac. */
class Pbkdf2Test {

  @Test
  void rfc7914Vector() {
    byte[] key = Pbkdf2.hmacSha256(ascii("passwd"), ascii("salt"), 1, 64);

    assertThat(HexFormat.of().formatHex(key))
        .isEqualTo(
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  }

  @Test
  void theOriginalsParametersGiveWhatPythonGives() {
    // python3: base64.urlsafe_b64encode(hashlib.pbkdf2_hmac('sha256', b'password', b'user-1',
    // 480000, 32))
    assertThat(new SecretBox(0).key(ascii("password"), "user-1").text())
        .isEqualTo("y7uB8cKHqp4oFuGdY5FKZ610JnDv9z9WHVHhLhgnuIQ=");
  }

  @Test
  void emptyAndNonUtf8PasswordsAndAPartialLastBlockAsPython() {
    assertThat(
            Base64.getUrlEncoder()
                .encodeToString(Pbkdf2.hmacSha256(new byte[0], ascii("user-1"), 2, 32)))
        .isEqualTo("ghKQEsoTt_u2s3ACuoQjHlgbXE4vv4zIJdp5h48KSS0=");
    assertThat(
            HexFormat.of()
                .formatHex(
                    Pbkdf2.hmacSha256(
                        new byte[] {(byte) 0xff, (byte) 0xfe, 0},
                        "é".getBytes(StandardCharsets.UTF_8),
                        3,
                        40)))
        .isEqualTo(
            "97fc8c56b553daf4850129c6184539b1f6c0b1d67d3b604a9fa3f336b270c8f23a39b8e6218c2626");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

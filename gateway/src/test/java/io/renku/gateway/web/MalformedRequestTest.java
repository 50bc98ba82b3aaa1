package io.renku.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.gateway.support.TestPlatform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to the gateway, over a raw socket: what Tomcat refuses before any filter gets
 * the envelope on {@code /api/*} and a short page elsewhere, never Tomcat's page or name; an
 * undecodable query to the identity provider is no server error (ReverseProxyTest shows it goes on
 * as sent).
 */
class MalformedRequestTest {
  static TestPlatform platform;

  @BeforeAll
  static void start() {
    platform = TestPlatform.get();
  }

  @BeforeEach
  void clear() {
    platform.upstream.clear();
  }

  record Raw(int status, String head, String body) {
    String contentType() {
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
          return line.substring(13).trim();
        }
      }
      return null;
    }

    void isEnvelope(int expected) {
      assertThat(status).as(toString()).isEqualTo(expected);
      assertThat(contentType()).as(toString()).startsWith("application/json");
      assertThat(body).as(toString()).startsWith("{\"error\":{\"code\":" + (1000 + expected));
      assertThat(head + body).doesNotContain("Tomcat");
    }
  }

  private static Raw raw(String requestLine) throws IOException {
    int port = Integer.parseInt(platform.baseUrl.substring(platform.baseUrl.lastIndexOf(':') + 1));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      s.getInputStream().transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      return new Raw(
          Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
    }
  }

  @Test
  void apiPathsTomcatRefusesGetTheEnvelope() throws IOException {
    for (String id : new String[] {"a%2Fb", "a%00b", "a%5Cb", "%zz", "a\\b", "<x>", "%C0%AE"}) {
      raw("GET /api/data/projects/" + id + " HTTP/1.1").isEnvelope(400);
    }
    raw("GET /api/other%2Fx HTTP/1.1").isEnvelope(400);
    raw("GET /api/data/version HTTP/9.9").isEnvelope(400);
    Raw connect = raw("CONNECT 127.0.0.1:443 HTTP/1.1"); // Tomcat's 501, not an API path
    assertThat(connect.status()).isEqualTo(405);
    assertThat(connect.head() + connect.body()).doesNotContain("Tomcat");
    assertThat(platform.upstream.seen()).isEmpty();
  }

  @Test
  void otherPathsGetAShortPageWithoutTheServersName() throws IOException {
    Raw page = raw("GET /some%2Fpage HTTP/1.1");
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.contentType()).isEqualTo("text/html;charset=UTF-8");
    assertThat(page.body()).contains("Bad Request").doesNotContain("Tomcat");
    assertThat(page.head()).doesNotContain("Tomcat");
  }

  @Test
  void anUndecodableQueryToTheIdentityProviderIsNoServerError() throws IOException {
    Raw r = raw("GET /auth/login?x=%zz HTTP/1.1");
    assertThat(r.status()).as(r.toString()).isBetween(200, 499);
    assertThat(r.head() + r.body()).doesNotContain("Tomcat");
  }
}

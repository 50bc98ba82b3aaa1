package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestBackends;
import io.renku.data.support.TestUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Malformed requests straight to the data service: whatever layer refuses them (Tomcat before any
 * filter, Spring Security's firewall, argument conversion, content negotiation), the answer is a
 * 4xx with the error envelope, never a 500 or an HTML page. Sent over a raw socket, since an HTTP
 * client would refuse to send most of them.
 */
class MalformedRequestTest extends ApiTest {

  /** Status, content type and body of an answer read off the socket. */
  record Raw(int status, String contentType, String body) {
    JsonNode error() {
      return Api.JSON.readTree(body).path("error");
    }

    void isEnvelope(int expectedStatus) {
      assertThat(status).as(toString()).isEqualTo(expectedStatus);
      assertThat(contentType).as(toString()).startsWith("application/json");
      assertThat(error().path("code").asInt()).as(toString()).isEqualTo(1000 + expectedStatus);
      assertThat(error().path("message").asString()).as(toString()).isNotBlank();
      assertThat(body).doesNotContain("Tomcat").doesNotContain("<html");
    }
  }

  private Raw raw(String method, String target, String... headers) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      req.append("Host: 127.0.0.1\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      s.getInputStream().transferTo(all);
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String head = text.substring(0, end);
      String body = text.substring(end + 4);
      String type = null;
      boolean chunked = false;
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-type:")) {
          type = line.substring(13).trim();
        }
        chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
      }
      if (chunked) {
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (true) {
          int eol = body.indexOf("\r\n", i);
          int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
          if (size == 0) {
            break;
          }
          plain.append(body, eol + 2, eol + 2 + size);
          i = eol + 2 + size + 2;
        }
        body = plain.toString();
      }
      return new Raw(Integer.parseInt(head.substring(9, 12)), type, body);
    }
  }

  private String bearer(TestUser user) {
    return "Authorization: Bearer " + TestBackends.get().identity().token(user);
  }

  @Test
  void aBlankPathIdIs422NamingTheParameter() throws IOException {
    // " " converts to a null Integer: it was MissingPathVariableException, a 500
    Raw quota = raw("GET", "/api/data/resource_pools/%20/quota");
    quota.isEnvelope(422);
    assertThat(quota.error().path("message").asString()).contains("resource_pool_id");
    String admin = bearer(TestUser.randomAdmin("blankid"));
    raw("DELETE", "/api/data/resource_pools/%20/members/user/x", admin).isEnvelope(422);
    raw("GET", "/api/data/resource_pools/%20%20/classes/1", admin).isEnvelope(422);
  }

  @Test
  void anUndecodableQueryIs400() throws IOException {
    // Tomcat's InvalidParameterException, thrown when the firewall reads the parameters: was a 500
    raw("GET", "/api/data/projects?x=%zz").isEnvelope(400);
    raw("GET", "/api/data/projects?per_page=1%").isEnvelope(400);
  }

  @Test
  void pathsTomcatRefusesGetTheEnvelopeNotItsPage() throws IOException {
    // refused before any filter: the host's error report valve answered with Tomcat's HTML page
    for (String id : new String[] {"a%2Fb", "a%00b", "a%5Cb", "%zz", "a\\b", "%C0%AE", "<x>"}) {
      raw("GET", "/api/data/projects/" + id).isEnvelope(400);
    }
    raw("GET", "/api/data/a b").isEnvelope(400);
    raw("GET", "/health%2Fx").isEnvelope(400);
    // Tomcat's own 5xx for what is the client's fault: 505 for an HTTP version, 501 for CONNECT
    raw("GET", "/api/data/version HTTP/9.9\r\nX-A: b").isEnvelope(400);
    raw("CONNECT", "127.0.0.1:443").isEnvelope(405);
  }

  @Test
  void pathsTheFirewallRefusesGetTheEnvelope() throws IOException {
    for (String id : new String[] {"a;b", "a%0Ab", "..", "%2e%2e/x", "a%3Bb"}) {
      raw("GET", "/api/data/projects/" + id).isEnvelope(400);
    }
    // an unknown method: the firewall refuses it, and refused the error page again (empty 400)
    raw("FOO", "/api/data/projects").isEnvelope(405);
    raw("get", "/api/data/version").isEnvelope(405);
  }

  @Test
  void errorsAreJsonWhateverTheClientAccepts() throws IOException {
    // the envelope was negotiated away: an empty 400
    raw("GET", "/api/data/projects/01J0000000000000000000000Z", "Accept: text/html")
        .isEnvelope(400);
    raw("GET", "/api/data/version", "Accept: application/xml").isEnvelope(400);
    raw("GET", "/api/data/projects/a;b", "Accept: text/html").isEnvelope(400);
    raw("GET", "/api/data/error", "Accept: garbage/").isEnvelope(400);
  }

  @Test
  void aBlankEnumValueInAListIsNoFilter() throws IOException {
    // ?kinds= converted to a null in the list: NullPointerException, a 500
    Raw r = raw("GET", "/api/data/namespaces?kinds=&kinds=group");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    raw("GET", "/api/data/namespaces?kinds=bogus").isEnvelope(422);
  }

  @Test
  void theErrorPageItselfIsNoPage() throws IOException {
    raw("GET", "/error").isEnvelope(404);
  }
}

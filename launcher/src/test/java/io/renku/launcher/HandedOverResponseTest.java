package io.renku.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * An exception the data service leaves unhandled gets the status Tomcat would give it over HTTP: a
 * client's broken body or undecodable query is a 4xx in process too, not a 500.
 */
class HandedOverResponseTest {
  private static int statusAfter(Throwable e) {
    HandedOverResponse r = new HandedOverResponse(new MockHttpServletResponse());
    r.failed(e);
    return r.errorStatus();
  }

  @Test
  void clientFaultsKeepTheirStatus() {
    assertThat(statusAfter(new BadRequestException("Invalid chunk header"))).isEqualTo(400);
    assertThat(statusAfter(new InvalidParameterException("x=%zz", 400))).isEqualTo(400);
    assertThat(
            statusAfter(
                new ServletException(
                    "Request processing failed", new InvalidParameterException("x", 413))))
        .isEqualTo(413);
  }

  @Test
  void everythingElseIsAServerError() {
    assertThat(statusAfter(new IllegalStateException("bug"))).isEqualTo(500);
    assertThat(statusAfter(new IOException("disk"))).isEqualTo(500);
    assertThat(statusAfter(new ServletException("wrapped", new BadRequestException("x"))))
        .isEqualTo(500); // as StandardWrapperValve: only the direct exception counts
  }
}

package io.renku.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletResponse;

class ErrorResponsesTest {
  @AfterEach
  void clear() {
    MDC.remove(ErrorResponses.REQUEST_ID_KEY);
  }

  @Test
  void carriesTheRequestIdOfTheLogContextAsTraceId() {
    MDC.put(ErrorResponses.REQUEST_ID_KEY, "req-1");

    assertThat(ErrorResponses.json(ErrorCode.NOT_FOUND, "No such API path."))
        .isEqualTo(
            "{\"error\":{\"code\":1404,\"message\":\"No such API path.\",\"trace_id\":\"req-1\"}}");
    assertThat(ErrorResponses.envelope(ErrorCode.VALIDATION, "bad", "name").json())
        .isEqualTo(
            "{\"error\":{\"code\":1422,\"message\":\"bad\",\"detail\":\"name\","
                + "\"trace_id\":\"req-1\"}}");
  }

  @Test
  void writesStatusJsonAndBodyToAServletResponse() throws Exception {
    var response = new MockHttpServletResponse();

    ErrorResponses.write(response, ErrorCode.TOO_MANY_REQUESTS, "Slow down: \"now\".");

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
    assertThat(response.getContentAsString())
        .isEqualTo("{\"error\":{\"code\":1429,\"message\":\"Slow down: \\\"now\\\".\"}}");
  }
}

package io.renku.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorEnvelopeTest {
  @Test
  void writesCodeMessageDetailAndTraceIdInThisOrder() {
    ErrorEnvelope envelope =
        new ErrorEnvelope(
            ErrorCode.VALIDATION,
            "There are errors in the following fields, name: must not be blank",
            "name",
            "01M8Q0KMBH74GHYVVTTXYFRSB1");

    assertThat(envelope.json())
        .isEqualTo(
            "{\"error\":{\"code\":1422,"
                + "\"message\":\"There are errors in the following fields, name: must not be blank\","
                + "\"detail\":\"name\","
                + "\"trace_id\":\"01M8Q0KMBH74GHYVVTTXYFRSB1\"}}");
    assertThat(envelope.httpStatus()).isEqualTo(422);
  }

  @Test
  void leavesOutWhatIsNull() {
    assertThat(new ErrorEnvelope(ErrorCode.NOT_FOUND, "Not found.", null, null).json())
        .isEqualTo("{\"error\":{\"code\":1404,\"message\":\"Not found.\"}}");
    assertThat(new ErrorEnvelope(ErrorCode.INTERNAL, null, null, "r1").json())
        .isEqualTo("{\"error\":{\"code\":1500,\"trace_id\":\"r1\"}}");
  }

  @Test
  void escapesWhatAClientSentAsJacksonWould() {
    // a message may quote the client's input: quotes, backslashes and control characters
    assertThat(new ErrorEnvelope(ErrorCode.BAD_REQUEST, "a\"b\\c\b\u001f/é", null, null).json())
        .isEqualTo("{\"error\":{\"code\":1400,\"message\":\"a\\\"b\\\\c\\b\\u001F/é\"}}");
  }

  @Test
  void needsACode() {
    assertThatThrownBy(() -> new ErrorEnvelope(null, "x", null, null))
        .isInstanceOf(NullPointerException.class);
  }
}

package io.renku.spicedb.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class NativeErrorsTest {

  @Test
  void mapsGoStatusStrings() {
    Status status =
        NativeErrors.toStatus("rpc error: code = InvalidArgument desc = parse error in `x`");
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).isEqualTo("parse error in `x`");

    assertThat(NativeErrors.toStatus("rpc error: code = FailedPrecondition desc = a").getCode())
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(NativeErrors.toStatus("rpc error: code = Canceled desc = a").getCode())
        .isEqualTo(Status.Code.CANCELLED);
    assertThat(NativeErrors.toStatus("rpc error: code = DeadlineExceeded desc = a").getCode())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(NativeErrors.toStatus("rpc error: code = NotFound desc = multi\nline").getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void disposedHandleIsUnavailableAndAnythingElseInternal() {
    assertThat(NativeErrors.toStatus("invalid handle: 7").getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(NativeErrors.toStatus("failed to unmarshal").getCode())
        .isEqualTo(Status.Code.INTERNAL);
  }
}

package io.renku.spicedb.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;

/** Runs a unary RPC through the engine's FFI export and answers the gRPC call with the result. */
final class UnaryBridge {

  private final NativeEngine engine;

  UnaryBridge(NativeEngine engine) {
    this.engine = engine;
  }

  <R> void call(
      UnaryFunction function, MessageLite request, Parser<R> parser, StreamObserver<R> out) {
    // The FFI call blocks and cannot be interrupted, so do not start one for a call that is
    // already cancelled or past its deadline.
    if (Context.current().isCancelled()) {
      out.onError(Status.CANCELLED.withDescription("call cancelled before start").asException());
      return;
    }
    R response;
    try {
      response = parser.parseFrom(engine.call(function, request.toByteArray()));
    } catch (StatusException e) {
      out.onError(e);
      return;
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      out.onError(
          Status.INTERNAL
              .withDescription("embedded SpiceDB " + function.symbol() + ": " + e.getMessage())
              .withCause(e)
              .asException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}

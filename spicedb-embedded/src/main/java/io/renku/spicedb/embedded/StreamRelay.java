package io.renku.spicedb.embedded;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays one server-streaming call from the engine's unix socket to our caller, with flow control:
 * the next message is requested from the engine only when our caller can take it, so a large
 * LookupResources or ReadRelationships never piles up in memory. Cancellation by our caller cancels
 * the upstream call.
 */
final class StreamRelay<Q, R> implements ClientResponseObserver<Q, R> {

  private final ServerCallStreamObserver<R> downstream;
  private final AtomicBoolean waitingForReady = new AtomicBoolean();
  private volatile ClientCallStreamObserver<Q> upstream;

  StreamRelay(StreamObserver<R> downstream) {
    this.downstream = (ServerCallStreamObserver<R>) downstream;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    upstream = requestStream;
    requestStream.disableAutoRequestWithInitial(1);
    downstream.setOnCancelHandler(() -> requestStream.cancel("caller cancelled", null));
    downstream.setOnReadyHandler(
        () -> {
          if (waitingForReady.compareAndSet(true, false)) {
            requestStream.request(1);
          }
        });
  }

  @Override
  public void onNext(R value) {
    if (downstream.isCancelled()) {
      return;
    }
    downstream.onNext(value);
    if (downstream.isReady()) {
      upstream.request(1);
      return;
    }
    waitingForReady.set(true);
    // The caller may have become ready between isReady() and set(true); re-check so no wake-up
    // is lost. Whoever clears the flag requests the next message.
    if (downstream.isReady() && waitingForReady.compareAndSet(true, false)) {
      upstream.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!downstream.isCancelled()) {
      downstream.onError(t);
    }
  }

  @Override
  public void onCompleted() {
    if (!downstream.isCancelled()) {
      downstream.onCompleted();
    }
  }
}

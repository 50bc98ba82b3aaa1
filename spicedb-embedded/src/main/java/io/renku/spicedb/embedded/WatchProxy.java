package io.renku.spicedb.embedded;

import com.authzed.api.v1.WatchRequest;
import com.authzed.api.v1.WatchResponse;
import com.authzed.api.v1.WatchServiceGrpc;
import io.grpc.stub.StreamObserver;

/** {@code authzed.api.v1.WatchService}, relayed to the engine's unix socket. */
final class WatchProxy extends WatchServiceGrpc.WatchServiceImplBase {

  private final WatchServiceGrpc.WatchServiceStub streaming;

  WatchProxy(WatchServiceGrpc.WatchServiceStub streaming) {
    this.streaming = streaming;
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<WatchResponse> out) {
    streaming.watch(request, new StreamRelay<>(out));
  }
}

package io.renku.authz;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/**
 * SpiceDB's preshared key as call credentials. Sent on plaintext connections too: the embedded
 * engine listens on loopback without TLS and still checks the key.
 */
final class BearerToken extends CallCredentials {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String value;

  BearerToken(String token) {
    this.value = "Bearer " + token;
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, value);
    applier.apply(headers);
  }
}

package io.renku.spicedb.embedded;

import com.authzed.api.v1.ReadSchemaRequest;
import com.authzed.api.v1.ReadSchemaResponse;
import com.authzed.api.v1.SchemaServiceGrpc;
import com.authzed.api.v1.WriteSchemaRequest;
import com.authzed.api.v1.WriteSchemaResponse;
import io.grpc.stub.StreamObserver;

/**
 * {@code authzed.api.v1.SchemaService}: ReadSchema and WriteSchema via FFI; the rest (reflection,
 * diff) is not exported by the engine and stays UNIMPLEMENTED.
 */
final class SchemaProxy extends SchemaServiceGrpc.SchemaServiceImplBase {

  private final UnaryBridge unary;

  SchemaProxy(UnaryBridge unary) {
    this.unary = unary;
  }

  @Override
  public void readSchema(ReadSchemaRequest request, StreamObserver<ReadSchemaResponse> out) {
    unary.call(UnaryFunction.READ_SCHEMA, request, ReadSchemaResponse.parser(), out);
  }

  @Override
  public void writeSchema(WriteSchemaRequest request, StreamObserver<WriteSchemaResponse> out) {
    unary.call(UnaryFunction.WRITE_SCHEMA, request, WriteSchemaResponse.parser(), out);
  }
}

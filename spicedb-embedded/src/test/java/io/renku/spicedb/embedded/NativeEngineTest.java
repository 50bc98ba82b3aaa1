package io.renku.spicedb.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.authzed.api.v1.CheckPermissionRequest;
import com.authzed.api.v1.Consistency;
import com.authzed.api.v1.ObjectReference;
import com.authzed.api.v1.ReadSchemaRequest;
import com.authzed.api.v1.SubjectReference;
import com.authzed.api.v1.WriteSchemaRequest;
import io.grpc.Status;
import io.grpc.StatusException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The FFI layer alone, without the gRPC endpoint. */
class NativeEngineTest {

  @Test
  void manyCallsDoNotLeakNativeMemory() throws Throwable {
    try (NativeEngine engine = NativeEngine.startInMemory()) {
      // A 32 kB doc comment (kept in the schema text) makes every ReadSchema answer a 32 kB
      // native buffer, so leaking the buffer per call would show as ~64 MB over the measured calls.
      StringBuilder schema = new StringBuilder("definition user {}\n\n/** ");
      schema
          .append("leak probe ".repeat(3_000))
          .append(" */\ndefinition doc {\n  relation viewer: user\n}\n");
      engine.call(
          UnaryFunction.WRITE_SCHEMA,
          WriteSchemaRequest.newBuilder().setSchema(schema.toString()).build().toByteArray());
      byte[] readSchema = ReadSchemaRequest.getDefaultInstance().toByteArray();
      int size = engine.call(UnaryFunction.READ_SCHEMA, readSchema).length;
      assertThat(size).isGreaterThan(30_000);
      // An error answer allocates an error string, which must be freed as well.
      byte[] badCheck =
          CheckPermissionRequest.newBuilder()
              .setConsistency(Consistency.newBuilder().setFullyConsistent(true))
              .setResource(object("doc", "x"))
              .setPermission("no_such_permission")
              .setSubject(SubjectReference.newBuilder().setObject(object("user", "alice")))
              .build()
              .toByteArray();

      run(engine, readSchema, badCheck, 500); // warm up the Go heap and the JIT
      long before = NativeHeap.inUseBytes();
      run(engine, readSchema, badCheck, 2_000);
      long after = NativeHeap.inUseBytes();

      long leakedIfBuffersWereNotFreed = 2_000L * size;
      System.out.printf(
          "malloc in use before %d, after %d, growth %d bytes (a buffer leak would be ~%d)%n",
          before, after, after - before, leakedIfBuffersWereNotFreed);
      assertThat(after - before)
          .as("malloc'd bytes in use after 2000 ReadSchema + 2000 failing checks")
          .isLessThan(leakedIfBuffersWereNotFreed / 4);
    }
  }

  @Test
  void emptyRequestAndEmptyResponseWork() throws Exception {
    try (NativeEngine engine = NativeEngine.startInMemory()) {
      // No schema yet: the engine answers NOT_FOUND, with an error string we must free.
      assertThatThrownBy(
              () ->
                  engine.call(
                      UnaryFunction.READ_SCHEMA,
                      ReadSchemaRequest.getDefaultInstance().toByteArray()))
          .isInstanceOfSatisfying(
              StatusException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void callsAfterCloseAreUnavailable() {
    NativeEngine engine = NativeEngine.startInMemory();
    String socket = engine.streamingAddress();
    assertThat(Path.of(socket)).exists();
    engine.close();

    assertThat(Path.of(socket)).doesNotExist();
    assertThatThrownBy(
            () ->
                engine.call(
                    UnaryFunction.READ_SCHEMA,
                    ReadSchemaRequest.getDefaultInstance().toByteArray()))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  private static void run(NativeEngine engine, byte[] readSchema, byte[] badCheck, int count)
      throws StatusException {
    for (int i = 0; i < count; i++) {
      engine.call(UnaryFunction.READ_SCHEMA, readSchema);
      try {
        engine.call(UnaryFunction.CHECK_PERMISSION, badCheck);
        throw new AssertionError("check of an unknown permission succeeded");
      } catch (StatusException expected) {
        // freed error string
      }
    }
  }

  private static ObjectReference object(String type, String id) {
    return ObjectReference.newBuilder().setObjectType(type).setObjectId(id).build();
  }
}

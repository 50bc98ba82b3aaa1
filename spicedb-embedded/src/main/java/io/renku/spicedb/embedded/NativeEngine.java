package io.renku.spicedb.embedded;

import io.grpc.StatusException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SpiceDB instance inside the process, identified by its handle. Unary RPCs go through FFI;
 * streaming RPCs are served by the engine on {@link #streamingAddress()} (a unix socket).
 */
final class NativeEngine implements AutoCloseable {

  private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");
  private static final Pattern HANDLE = Pattern.compile("\"handle\"\\s*:\\s*(\\d+)");
  private static final Pattern STREAMING_ADDRESS =
      Pattern.compile("\"streaming_address\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern STREAMING_TRANSPORT =
      Pattern.compile("\"streaming_transport\"\\s*:\\s*\"(\\w+)\"");

  private final SpiceDbNative library;
  private final long handle;
  private final String streamingAddress;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NativeEngine(SpiceDbNative library, long handle, String streamingAddress) {
    this.library = library;
    this.handle = handle;
    this.streamingAddress = streamingAddress;
  }

  /**
   * Starts a new engine with an in-memory datastore. Metrics stay disabled (the library's default)
   * because enabled metrics register global Prometheus collectors and a second instance in the same
   * process would then fail.
   */
  static NativeEngine startInMemory() {
    SpiceDbNative library = SpiceDbNative.get();
    String answer = library.start("{\"datastore\":\"memory\"}");
    if (answer == null || !SUCCESS.matcher(answer).find()) {
      throw new IllegalStateException("spicedb_start failed: " + answer);
    }
    // The only string we read is a file path created by the library, so a minimal reader suffices.
    long handle = Long.parseLong(group(HANDLE, answer));
    String transport = group(STREAMING_TRANSPORT, answer);
    String address = group(STREAMING_ADDRESS, answer).replace("\\\\", "\\").replace("\\/", "/");
    NativeEngine engine = new NativeEngine(library, handle, address);
    if (!"unix".equals(transport)) {
      engine.close();
      throw new IllegalStateException("unsupported streaming transport: " + answer);
    }
    return engine;
  }

  private static String group(Pattern pattern, String json) {
    Matcher matcher = pattern.matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("unexpected spicedb_start answer: " + json);
    }
    return matcher.group(1);
  }

  long handle() {
    return handle;
  }

  /** Path of the unix socket on which the engine serves the streaming RPCs. */
  String streamingAddress() {
    return streamingAddress;
  }

  byte[] call(UnaryFunction function, byte[] request) throws StatusException {
    // After close the library answers "invalid handle" (handles are never reused), which maps to
    // UNAVAILABLE; no lock is needed around in-flight calls.
    return library.call(function, handle, request);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      String answer = library.dispose(handle);
      if (answer == null || !SUCCESS.matcher(answer).find()) {
        throw new IllegalStateException("spicedb_dispose(" + handle + ") failed: " + answer);
      }
    }
  }
}

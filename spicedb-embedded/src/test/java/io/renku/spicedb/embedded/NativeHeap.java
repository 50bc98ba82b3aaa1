package io.renku.spicedb.embedded;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes currently allocated with glibc malloc, over all arenas. The engine allocates its answers
 * with C malloc, so this measures exactly what a missing {@code spicedb_free*} would leak, unlike
 * RSS, which the JVM heap and Go's own heap move by tens of MB on their own.
 */
final class NativeHeap {

  private static final Linker LINKER = Linker.nativeLinker();
  private static final MethodHandle OPEN_MEMSTREAM =
      handle("open_memstream", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
  private static final MethodHandle MALLOC_INFO =
      handle("malloc_info", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle FCLOSE =
      handle("fclose", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle FREE = handle("free", FunctionDescriptor.ofVoid(ADDRESS));

  private NativeHeap() {}

  /** In use = memory obtained from the system minus free chunks, plus mmap'ed chunks. */
  static long inUseBytes() throws Throwable {
    String xml = mallocInfo();
    // The totals over all arenas follow the last </heap>.
    String totals = xml.substring(xml.lastIndexOf("</heap>"));
    long current = value(totals, "<system type=\"current\" size=\"(\\d+)\"");
    long fast = value(totals, "<total type=\"fast\" count=\"\\d+\" size=\"(\\d+)\"");
    long rest = value(totals, "<total type=\"rest\" count=\"\\d+\" size=\"(\\d+)\"");
    long mmap = value(totals, "<total type=\"mmap\" count=\"\\d+\" size=\"(\\d+)\"");
    return current - fast - rest + mmap;
  }

  private static String mallocInfo() throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bufferPointer = arena.allocate(ADDRESS);
      MemorySegment sizePointer = arena.allocate(ADDRESS);
      MemorySegment stream = (MemorySegment) OPEN_MEMSTREAM.invokeExact(bufferPointer, sizePointer);
      int status = (int) MALLOC_INFO.invokeExact(0, stream);
      int closed = (int) FCLOSE.invokeExact(stream);
      if (status != 0 || closed != 0) {
        throw new IllegalStateException("malloc_info failed");
      }
      MemorySegment buffer = bufferPointer.get(ADDRESS, 0);
      try {
        return buffer.reinterpret(Long.MAX_VALUE).getString(0);
      } finally {
        FREE.invokeExact(buffer);
      }
    }
  }

  private static long value(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("malloc_info without " + regex + ": " + text);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
  }
}

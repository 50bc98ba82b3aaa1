package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads just enough of an ELF executable to tell whether it is statically linked: it has no {@code
 * PT_INTERP} program header (no dynamic loader to ask for). An image made {@code FROM scratch}
 * holds no loader nor libraries, so only a static program runs in it.
 */
final class ElfFile {
  private static final int PT_INTERP = 3;

  private ElfFile() {}

  /** True for a static ELF executable; false for a dynamic one, a script or an unreadable file. */
  static boolean isStatic(Path file) {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer ident = ByteBuffer.allocate(64);
      if (ch.read(ident, 0) < 52) {
        return false;
      }
      ident.flip();
      if (ident.getInt(0) != 0x7f454c46) { // "\177ELF", read big-endian
        return false;
      }
      boolean is64 = ident.get(4) == 2;
      ident.order(ident.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      long phoff = is64 ? ident.getLong(32) : Integer.toUnsignedLong(ident.getInt(28));
      int phentsize = Short.toUnsignedInt(ident.getShort(is64 ? 54 : 42));
      int phnum = Short.toUnsignedInt(ident.getShort(is64 ? 56 : 44));
      if (phnum == 0 || phentsize < 4) {
        return false;
      }
      ByteBuffer headers = ByteBuffer.allocate(phentsize * phnum).order(ident.order());
      ch.read(headers, phoff);
      for (int i = 0; i < phnum; i++) {
        if (headers.getInt(i * phentsize) == PT_INTERP) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}

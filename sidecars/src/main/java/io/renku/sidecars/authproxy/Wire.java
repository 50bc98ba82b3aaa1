package io.renku.sidecars.authproxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered reader of one side of an HTTP/1.x connection. Unlike a {@code BufferedReader} it reads
 * bytes, counts what a request head may take, and hands over what it buffered past the head (a
 * WebSocket's first frames, a pipelined request) instead of losing it.
 */
final class Wire {
  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int lim;

  Wire(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** The head grew past the limit: Go's server answers 431 then. */
  static final class HeadTooLargeException extends IOException {
    HeadTooLargeException() {
      super("request header fields too large");
    }
  }

  /** The bytes are not HTTP/1.x. */
  static final class MalformedException extends IOException {
    MalformedException(String message) {
      super(message);
    }
  }

  private boolean fill() throws IOException {
    if (pos < lim) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }

  /** True when the peer closed the connection before sending anything more. */
  boolean atEnd() throws IOException {
    return !fill();
  }

  /**
   * One line without its CRLF (a bare LF is accepted, as Go does), as ISO-8859-1; {@code budget}
   * holds how many head bytes may still be read and is decreased.
   */
  String readLine(int[] budget) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      if (!fill()) {
        throw new EOFException("connection closed in the middle of a head");
      }
      byte b = buf[pos++];
      if (--budget[0] < 0) {
        throw new HeadTooLargeException();
      }
      if (b == '\n') {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\r') {
          line.setLength(len - 1);
        }
        return line.toString();
      }
      line.append((char) (b & 0xff));
    }
  }

  int read(byte[] dst, int off, int len) throws IOException {
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, lim - pos);
    System.arraycopy(buf, pos, dst, off, n);
    pos += n;
    return n;
  }

  /** Copies exactly {@code length} bytes to {@code out}, flushing as they come (streaming). */
  void copyExactly(long length, OutputStream out) throws IOException {
    long left = length;
    while (left > 0) {
      if (!fill()) {
        throw new EOFException("connection closed " + left + " bytes before the body's end");
      }
      int n = (int) Math.min(left, lim - pos);
      out.write(buf, pos, n);
      pos += n;
      left -= n;
      if (pos == lim) {
        out.flush();
      }
    }
    out.flush();
  }

  /** Skips exactly {@code length} bytes. */
  void skip(long length) throws IOException {
    copyExactly(length, OutputStream.nullOutputStream());
  }

  /** Copies everything until the peer closes. */
  void copyToEnd(OutputStream out) throws IOException {
    while (fill()) {
      out.write(buf, pos, lim - pos);
      pos = lim;
      out.flush();
    }
  }

  /**
   * Copies a chunked body, re-chunked the same way, including the last chunk and trailers; with
   * {@code out} null it only consumes it. Chunk-size lines and trailers count against {@code
   * budget}.
   */
  void copyChunked(OutputStream out, int[] budget) throws IOException {
    OutputStream sink = out == null ? OutputStream.nullOutputStream() : out;
    while (true) {
      String sizeLine = readLine(budget);
      int semi = sizeLine.indexOf(';');
      String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
      long size;
      if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(Wire::isHex)) {
        throw new MalformedException("bad chunk size");
      }
      size = Long.parseLong(hex, 16);
      sink.write((Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      if (size == 0) {
        // Trailers, then the empty line.
        while (true) {
          String trailer = readLine(budget);
          sink.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          if (trailer.isEmpty()) {
            sink.flush();
            return;
          }
        }
      }
      copyExactly(size, sink);
      String end = readLine(budget);
      if (!end.isEmpty()) {
        throw new MalformedException("chunk not followed by CRLF");
      }
      sink.write('\r');
      sink.write('\n');
      sink.flush();
    }
  }

  /** Writes what is buffered and not yet read (bytes that came after a head) to {@code out}. */
  void drainBufferTo(OutputStream out) throws IOException {
    if (pos < lim) {
      out.write(buf, pos, lim - pos);
      pos = lim;
      out.flush();
    }
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

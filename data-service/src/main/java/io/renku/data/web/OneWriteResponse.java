package io.renku.data.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A response that ignores requests to flush it, so that an answer that fits in the container's
 * response buffer (8 KB) leaves in one write, with a {@code Content-Length}.
 *
 * <p>Why: Spring MVC flushes after every body it writes (the message converters flush the stream,
 * {@code HttpEntityMethodProcessor} calls {@link #flushBuffer()}), which makes Tomcat commit the
 * response there and then: headers and body go out as a first chunk, and the chunk terminator in a
 * second write when the request ends. Two system calls and two wake-ups of the client per answer,
 * for nothing: no endpoint of the data service streams. Tomcat still sends what it has whenever its
 * buffer fills, so a large answer goes out as it is written (chunked), and everything is sent when
 * the request ends. A side effect for the better: until then, the response is not committed, so an
 * error after the body was written can still be answered with an error status.
 */
final class OneWriteResponse extends HttpServletResponseWrapper {
  private NoFlush stream;

  OneWriteResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public void flushBuffer() {
    // sent when complete, or when the container's buffer is full
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream out = super.getOutputStream();
    if (stream == null || stream.out != out) {
      stream = new NoFlush(out);
    }
    return stream;
  }

  private static final class NoFlush extends ServletOutputStream {
    private final ServletOutputStream out;

    NoFlush(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      out.write(buffer);
    }

    @Override
    public void flush() {
      // as flushBuffer()
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }
}

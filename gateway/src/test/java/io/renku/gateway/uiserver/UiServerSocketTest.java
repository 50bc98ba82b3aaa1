package io.renku.gateway.uiserver;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session feed of one socket, over an in-memory connection: {@code sessionStatusV2} exactly
 * when what the data service says about the sessions changes (not on the first look, not while it
 * stays the same), once for stale tokens, and a normal close when the login ends.
 */
class UiServerSocketTest {

  /** The server's end of a connection whose other end the test holds. */
  static final class Pipes implements WebConnection {
    final PipedOutputStream toServer = new PipedOutputStream();
    final PipedInputStream fromServer = new PipedInputStream(64 * 1024);
    private final PipedInputStream serverIn;
    private final PipedOutputStream serverOut;

    Pipes() throws IOException {
      serverIn = new PipedInputStream(toServer, 64 * 1024);
      serverOut = new PipedOutputStream(fromServer);
    }

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          return serverIn.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return serverIn.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return false;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener l) {}
      };
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          serverOut.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          serverOut.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener l) {}
      };
    }

    @Override
    public void close() throws IOException {
      serverOut.close();
    }

    /** Sends a text frame as a browser does (masked). */
    void sendText(String text) throws IOException {
      byte[] p = text.getBytes(StandardCharsets.UTF_8);
      byte[] mask = {1, 2, 3, 4};
      toServer.write(new byte[] {(byte) 0x81, (byte) (0x80 | p.length)});
      toServer.write(mask);
      for (int i = 0; i < p.length; i++) {
        toServer.write(p[i] ^ mask[i & 3]);
      }
      toServer.flush();
    }

    /** The next frame from the server: "text:<payload>" or "close". */
    String next() throws IOException {
      DataInputStream in = new DataInputStream(fromServer);
      int b0 = in.readUnsignedByte();
      int len = in.readUnsignedByte();
      if (len == 126) {
        len = in.readUnsignedShort();
      }
      byte[] p = in.readNBytes(len);
      return (b0 & 0x0F) == WebSocketFrames.CLOSE
          ? "close"
          : "text:" + new String(p, StandardCharsets.UTF_8);
    }
  }

  private static String type(String frame) {
    return frame.startsWith("text:") ? UiServerMessages.typeOf(frame.substring(5)) : frame;
  }

  @Test
  void tellsTheClientWhenItsSessionsChange() throws Exception {
    Iterator<SessionStates.Look> looks =
        List.<SessionStates.Look>of(
                new SessionStates.Seen("[]"), // the baseline: the client has just fetched it
                new SessionStates.Seen("[]"),
                new SessionStates.Unknown(),
                new SessionStates.Seen("[{\"name\":\"s1\",\"status\":\"starting\"}]"),
                new SessionStates.Seen("[{\"name\":\"s1\",\"status\":\"starting\"}]"),
                new SessionStates.Stale(),
                new SessionStates.Stale(),
                new SessionStates.Seen("[{\"name\":\"s1\",\"status\":\"running\"}]"),
                new SessionStates.Ended())
            .iterator();
    Pipes pipes = new Pipes();
    UiServerSocket socket = new UiServerSocket();
    socket.prepare(id -> looks.next(), "login-1", Duration.ofMillis(20));
    socket.init(pipes);

    assertThat(type(pipes.next())).isEqualTo("init");
    pipes.sendText("{\"type\":\"pullSessionStatusV2\",\"data\":{}}");
    assertThat(type(pipes.next())).isEqualTo("ack");
    // a change, then stale tokens once (twice stale: one message), then what the next look saw
    assertThat(type(pipes.next())).isEqualTo("sessionStatusV2");
    assertThat(type(pipes.next())).isEqualTo("sessionStatusV2");
    assertThat(type(pipes.next())).isEqualTo("sessionStatusV2");
    assertThat(pipes.next()).as("the login ended").isEqualTo("close");
    assertThat(looks.hasNext()).isFalse();
  }

  @Test
  void anonymousVisitorsGetNoFeed() throws Exception {
    Pipes pipes = new Pipes();
    UiServerSocket socket = new UiServerSocket();
    socket.prepare(
        id -> {
          throw new AssertionError("no look for an anonymous visitor");
        },
        null,
        Duration.ofMillis(10));
    socket.init(pipes);
    assertThat(type(pipes.next())).isEqualTo("init");
    pipes.sendText("{\"type\":\"pullSessionStatusV2\",\"data\":{}}");
    assertThat(type(pipes.next())).isEqualTo("ack");
    pipes.sendText("{\"type\":\"init\",\"data\":{\"requestServerVersion\":true}}");
    assertThat(type(pipes.next())).isEqualTo("ack");
    socket.destroy();
  }

  @Test
  void theAcceptKeyIsRfc6455s() {
    // the example of RFC 6455, section 1.3
    assertThat(WebSocketFrames.accept("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }
}

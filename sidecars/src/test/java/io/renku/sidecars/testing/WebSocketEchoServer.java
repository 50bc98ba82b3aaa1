package io.renku.sidecars.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * A real WebSocket server (RFC 6455 handshake and framing, text frames only) that echoes every text
 * message with a prefix: the kernel channel a Jupyter page opens, in miniature.
 */
public final class WebSocketEchoServer implements AutoCloseable {
  private final ServerSocket server;
  public volatile String lastTarget;

  public WebSocketEchoServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String key = null;
      String line = readLine(in);
      lastTarget = line.split(" ")[1];
      while (!(line = readLine(in)).isEmpty()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).strip();
        }
      }
      String accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest(
                          (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                              .getBytes(StandardCharsets.US_ASCII)));
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          return;
        }
        int b1 = in.read();
        int opcode = b0 & 0x0f;
        long len = b1 & 0x7f;
        if (len == 126) {
          len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        } else if (len == 127) {
          len = 0;
          for (int i = 0; i < 8; i++) {
            len = (len << 8) | (in.read() & 0xff);
          }
        }
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
        byte[] payload = in.readNBytes((int) len);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
        if (opcode == 8) {
          out.write(new byte[] {(byte) 0x88, 0});
          out.flush();
          return;
        }
        if (opcode == 1) {
          byte[] reply =
              ("echo: " + new String(payload, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          ByteArrayOutputStream frame = new ByteArrayOutputStream();
          frame.write(0x81);
          if (reply.length < 126) {
            frame.write(reply.length);
          } else {
            frame.write(126);
            frame.write(reply.length >> 8);
            frame.write(reply.length & 0xff);
          }
          frame.write(reply);
          out.write(frame.toByteArray());
          out.flush();
        }
      }
    } catch (Exception e) {
      // connection ended
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

package io.renku.gateway.uiserver;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The few parts of RFC 6455 a small server needs: the handshake's accept key, reading one frame
 * from a client (always masked), writing an unmasked frame. Messages here are small JSON texts, so
 * a frame bigger than {@link #MAX_PAYLOAD} ends the connection instead of being buffered.
 */
final class WebSocketFrames {
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  static final int MAX_PAYLOAD = 64 * 1024;
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketFrames() {}

  /** One frame as received: its opcode, whether it ends a message, its unmasked payload. */
  record Frame(int opcode, boolean fin, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** {@code Sec-WebSocket-Accept} for the client's {@code Sec-WebSocket-Key}. */
  static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next frame; {@link EOFException} when the client went away. */
  static Frame read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int b0 = data.readUnsignedByte();
    int b1 = data.readUnsignedByte();
    if ((b0 & 0x70) != 0) {
      throw new IOException("reserved bits set (no extension was agreed)");
    }
    if ((b1 & 0x80) == 0) {
      throw new IOException("a client frame must be masked");
    }
    long length = b1 & 0x7F;
    if (length == 126) {
      length = data.readUnsignedShort();
    } else if (length == 127) {
      length = data.readLong();
    }
    if (length < 0 || length > MAX_PAYLOAD) {
      throw new IOException("frame too large: " + length);
    }
    byte[] mask = new byte[4];
    data.readFully(mask);
    byte[] payload = new byte[(int) length];
    data.readFully(payload);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i & 3];
    }
    return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
  }

  /** Writes one whole, unmasked frame (servers never mask). */
  static void write(OutputStream out, int opcode, byte[] payload) throws IOException {
    int n = payload.length;
    byte[] head;
    if (n < 126) {
      head = new byte[] {(byte) (0x80 | opcode), (byte) n};
    } else if (n <= 0xFFFF) {
      head = new byte[] {(byte) (0x80 | opcode), 126, (byte) (n >>> 8), (byte) n};
    } else {
      head = new byte[10];
      head[0] = (byte) (0x80 | opcode);
      head[1] = 127;
      for (int i = 0; i < 8; i++) {
        head[9 - i] = (byte) ((long) n >>> (8 * i));
      }
    }
    out.write(head);
    out.write(payload);
    out.flush();
  }
}

package io.renku.gateway.uiserver;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's {@code /ui-server/ws} after the handshake: answers the client's messages ({@code
 * init}, {@code ping}: {@code ack}) and, once it asks with {@code pullSessionStatusV2}, looks at
 * its sessions every {@code interval} and sends {@code sessionStatusV2} when they changed, which
 * makes the original UI fetch them again. A reader on a virtual thread, a poller on another; writes
 * are serialised by a lock.
 */
public final class UiServerSocket implements HttpUpgradeHandler {
  private static final Logger log = LoggerFactory.getLogger(UiServerSocket.class);

  private final ReentrantLock writeLock = new ReentrantLock();
  private SessionStates states;
  private String loginSessionId;
  private Duration interval;
  private WebConnection connection;
  private OutputStream out;
  private volatile boolean closed;
  private Thread poller;

  /** For the servlet container, which creates the handler when the connection is upgraded. */
  public UiServerSocket() {}

  /** What the filter knows at the handshake; {@code loginSessionId} null for anonymous visitors. */
  void prepare(SessionStates states, String loginSessionId, Duration interval) {
    this.states = states;
    this.loginSessionId = loginSessionId;
    this.interval = interval;
  }

  @Override
  public void init(WebConnection wc) {
    this.connection = wc;
    try {
      this.out = wc.getOutputStream();
      InputStream in = wc.getInputStream();
      send(UiServerMessages.connected());
      Thread.ofVirtual().name("ui-server-ws").start(() -> read(in));
    } catch (IOException e) {
      close();
    }
  }

  private void read(InputStream in) {
    try {
      while (!closed) {
        WebSocketFrames.Frame frame = WebSocketFrames.read(in);
        switch (frame.opcode()) {
          case WebSocketFrames.TEXT -> onText(frame.text());
          case WebSocketFrames.PING -> write(WebSocketFrames.PONG, frame.payload());
          case WebSocketFrames.CLOSE -> {
            write(WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}); // 1000: normal
            return;
          }
          default -> {} // pongs and continuations: the client sends no long messages
        }
      }
    } catch (EOFException e) {
      // the browser went away
    } catch (IOException e) {
      log.debug("ui-server socket ended: {}", e.toString());
    } finally {
      close();
    }
  }

  private void onText(String text) throws IOException {
    String type = UiServerMessages.typeOf(text);
    switch (type) {
      case "pullSessionStatusV2" -> {
        send(UiServerMessages.ack("Watching your sessions"));
        startPolling();
      }
      case "init", "ping" -> send(UiServerMessages.ack(type));
      default -> {} // nothing else is asked of the original's server either
    }
  }

  private synchronized void startPolling() {
    if (poller != null || loginSessionId == null || closed) {
      return; // once per socket; anonymous visitors have no sessions to watch
    }
    poller = Thread.ofVirtual().name("ui-server-sessions").start(this::poll);
  }

  private void poll() {
    String last = null;
    boolean toldStale = false;
    try {
      while (!closed) {
        SessionStates.Look look = states.look(loginSessionId);
        switch (look) {
          case SessionStates.Seen seen -> {
            if (last != null && !Objects.equals(last, seen.fingerprint()) || toldStale) {
              send(UiServerMessages.sessionsChanged());
            }
            last = seen.fingerprint();
            toldStale = false;
          }
          case SessionStates.Stale stale -> {
            if (!toldStale) {
              send(UiServerMessages.sessionsChanged());
              toldStale = true;
            }
          }
          case SessionStates.Ended ended -> {
            write(WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8});
            close();
            return;
          }
          case SessionStates.Unknown unknown -> {}
        }
        Thread.sleep(interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      log.debug("ui-server session feed ended: {}", e.toString());
      close();
    }
  }

  private void send(String text) throws IOException {
    write(WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  private void write(int opcode, byte[] payload) throws IOException {
    writeLock.lock();
    try {
      if (closed) {
        throw new EOFException("closed");
      }
      WebSocketFrames.write(out, opcode, payload);
    } finally {
      writeLock.unlock();
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    Thread p = poller;
    if (p != null && p != Thread.currentThread()) {
      p.interrupt();
    }
    try {
      connection.close();
    } catch (Exception e) {
      // already gone
    }
  }

  @Override
  public void destroy() {
    close();
  }
}

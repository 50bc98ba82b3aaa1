package io.renku.gateway.sessions;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket to a session, passed through byte for byte: the gateway sends the browser's upgrade
 * request to the session over a plain socket (with the session's token instead of the platform's
 * credentials), and if the session switches protocols, the servlet container hands over the
 * browser's connection and two threads copy bytes until either side closes. The gateway neither
 * parses nor buffers frames, so every WebSocket feature (subprotocols, compression) works.
 */
public final class WebSocketTunnel implements HttpUpgradeHandler {
  private static final Logger log = LoggerFactory.getLogger(WebSocketTunnel.class);
  private static final int MAX_HEAD = 64 * 1024;
  private static final Set<String> DROPPED =
      Set.of("host", "content-length", "transfer-encoding", "cookie", "proxy-authorization");

  private static final long ACTIVITY_EVERY_NANOS = 60_000_000_000L;

  private Socket upstream;
  private byte[] leftover;
  private Runnable activity = () -> {};

  /** For the servlet container, which creates the handler when the connection is upgraded. */
  public WebSocketTunnel() {}

  /**
   * Opens the tunnel, or answers the browser with what the session said instead.
   *
   * @return false if the session could not be reached (its route should be looked up again)
   */
  static boolean open(
      HttpServletRequest request,
      HttpServletResponse response,
      SessionRoutes.Route route,
      Runnable activity)
      throws IOException, jakarta.servlet.ServletException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(route.host(), route.port()), 3000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(head(request, route));
      out.flush();
      socket.setSoTimeout(30_000);
      Response answer = readResponse(socket.getInputStream());
      socket.setSoTimeout(0);
      response.setStatus(answer.status);
      for (String[] h : answer.headers) {
        String lower = h[0].toLowerCase(Locale.ROOT);
        if ((answer.status == 101 || !(lower.equals("connection") || lower.equals("upgrade")))
            && SessionBoundary.keepAnswerHeader(h[0], h[1])) {
          response.addHeader(h[0], h[1]);
        }
      }
      if (answer.status != 101) {
        // no upgrade: pass on the status and whatever body came with the head, then close
        response.getOutputStream().write(answer.rest);
        socket.close();
        return true;
      }
      WebSocketTunnel tunnel = request.upgrade(WebSocketTunnel.class);
      tunnel.upstream = socket;
      tunnel.leftover = answer.rest;
      tunnel.activity = activity;
      return true;
    } catch (IOException e) {
      socket.close();
      log.warn("Cannot open a WebSocket to a session: {}", e.getMessage());
      if (!response.isCommitted()) {
        response.resetBuffer();
        response.setStatus(502);
      }
      return false;
    }
  }

  @Override
  public void init(WebConnection connection) {
    Socket socket = upstream;
    Runnable closeBoth =
        () -> {
          try {
            socket.close();
          } catch (IOException ignored) {
            // already closed
          }
          try {
            connection.close();
          } catch (Exception ignored) {
            // already closed
          }
        };
    Thread.ofVirtual()
        .name("ws-to-browser")
        .start(
            () -> {
              try (InputStream from = socket.getInputStream()) {
                OutputStream to = connection.getOutputStream();
                if (leftover.length > 0) {
                  to.write(leftover);
                  to.flush();
                }
                copy(from, to);
              } catch (Exception e) {
                log.debug("WebSocket from session ended: {}", e.getMessage());
              } finally {
                closeBoth.run();
              }
            });
    Thread.ofVirtual()
        .name("ws-to-session")
        .start(
            () -> {
              try {
                copyNoting(connection.getInputStream(), socket.getOutputStream());
              } catch (Exception e) {
                log.debug("WebSocket from browser ended: {}", e.getMessage());
              } finally {
                closeBoth.run();
              }
            });
  }

  @Override
  public void destroy() {
    try {
      if (upstream != null) {
        upstream.close();
      }
    } catch (IOException ignored) {
      // already closed
    }
  }

  /**
   * Copies what the browser sends and reports activity at most once a minute: a notebook used only
   * through its kernel's WebSocket must not look idle to the culler.
   */
  private void copyNoting(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long last = System.nanoTime() - ACTIVITY_EVERY_NANOS;
    int n;
    while ((n = from.read(buffer)) >= 0) {
      if (n > 0) {
        to.write(buffer, 0, n);
        to.flush();
        long now = System.nanoTime();
        if (now - last >= ACTIVITY_EVERY_NANOS) {
          last = now;
          Thread.ofVirtual().name("ws-activity").start(activity);
        }
      }
    }
  }

  private static void copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    int n;
    while ((n = from.read(buffer)) >= 0) {
      if (n > 0) {
        to.write(buffer, 0, n);
        to.flush();
      }
    }
  }

  /** The upgrade request as the session gets it. */
  private static byte[] head(HttpServletRequest request, SessionRoutes.Route route) {
    StringBuilder b = new StringBuilder();
    String query = request.getQueryString();
    b.append("GET ")
        .append(request.getRequestURI())
        .append(query == null ? "" : "?" + query)
        .append(" HTTP/1.1\r\n");
    b.append("Host: ").append(route.host()).append(':').append(route.port()).append("\r\n");
    for (String name : Collections.list(request.getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (DROPPED.contains(lower)
          || SessionBoundary.PLATFORM_HEADERS.stream().anyMatch(h -> h.equalsIgnoreCase(name))) {
        continue;
      }
      for (String value : Collections.list(request.getHeaders(name))) {
        b.append(name).append(": ").append(clean(value)).append("\r\n");
      }
    }
    String cookies = SessionBoundary.sessionCookies(Collections.list(request.getHeaders("Cookie")));
    if (!cookies.isEmpty()) {
      b.append("Cookie: ").append(cookies).append("\r\n");
    }
    b.append("Authorization: token ").append(route.token()).append("\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The request's cookies minus the platform's, for an HTTP request to a session. */
  public static String withoutPlatformCookies(ClassicHttpRequest request) {
    List<String> values = new ArrayList<>();
    for (Header h : request.getHeaders("Cookie")) {
      values.add(h.getValue());
    }
    return SessionBoundary.sessionCookies(values);
  }

  private static String clean(String value) {
    return value.replace("\r", "").replace("\n", "");
  }

  private record Response(int status, List<String[]> headers, byte[] rest) {}

  /** Reads the session's answer up to the blank line; bytes after it belong to the stream. */
  private static Response readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int end = -1;
    while (end < 0) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("The session closed the connection before answering.");
      }
      head.write(buffer, 0, n);
      if (head.size() > MAX_HEAD) {
        throw new IOException("The session's answer head is too large.");
      }
      end = indexOf(head.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    byte[] all = head.toByteArray();
    String text = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    String[] lines = text.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      throw new IOException("The session did not answer HTTP.");
    }
    int status = Integer.parseInt(statusLine[1]);
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.add(
            new String[] {
              lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()
            });
      }
    }
    return new Response(status, headers, rest);
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

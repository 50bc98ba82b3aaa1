package io.renku.sidecars.authproxy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One client connection to the proxy's port: a loop over its requests. Every request is checked on
 * its own, also the second and later ones of a kept-alive connection (an ingress multiplexes many
 * browsers on its connections to us), and answered before the next one is read; a WebSocket upgrade
 * turns the connection into a byte pipe to the remote after its own check.
 */
final class ClientConnection implements Runnable {
  /** Go's default http.Server.MaxHeaderBytes plus the slack it allows. */
  static final int MAX_HEAD_BYTES = (1 << 20) + 4096;

  /** A refused request's body up to this size is read and dropped to keep the connection. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private static final int IDLE_TIMEOUT_MS = 5 * 60_000;
  private static final int HEAD_TIMEOUT_MS = 60_000;
  private static final int MAX_CHUNK_LINES = 1 << 20;

  private final Socket socket;
  private final AuthProxy.Shared shared;
  private final Wire in;
  private final OutputStream out;
  private Remote.Connection upstream;

  private enum Framing {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE
  }

  private record Body(Framing framing, long length) {}

  /** The request cannot be served; answered with {@code status} and the connection closed. */
  private static final class Reject extends Exception {
    final int status;
    final String reason;

    Reject(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
      this.reason = reason;
    }
  }

  ClientConnection(Socket socket, AuthProxy.Shared shared) throws IOException {
    this.socket = socket;
    this.shared = shared;
    this.in = new Wire(socket.getInputStream(), 16 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  @Override
  public void run() {
    try (socket) {
      socket.setTcpNoDelay(true);
      while (true) {
        socket.setSoTimeout(IDLE_TIMEOUT_MS);
        if (in.atEnd()) {
          return;
        }
        socket.setSoTimeout(HEAD_TIMEOUT_MS);
        HttpHead request;
        try {
          request = HttpHead.readRequest(in, MAX_HEAD_BYTES);
        } catch (Wire.HeadTooLargeException e) {
          LocalResponse.plain(out, 431, "Request Header Fields Too Large");
          return;
        } catch (Wire.MalformedException e) {
          LocalResponse.plain(out, 400, "Bad Request");
          return;
        }
        socket.setSoTimeout(0);
        boolean keepAlive;
        try {
          keepAlive = serve(request);
        } catch (Reject r) {
          LocalResponse.plain(out, r.status, r.reason);
          return;
        }
        if (!keepAlive) {
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      // idle or slow client: dropped, as a server with timeouts does
    } catch (IOException e) {
      shared.log().debug("connection ended: " + e.getClass().getSimpleName());
    } finally {
      if (upstream != null) {
        upstream.close();
      }
    }
  }

  /** Serves one request; true if the connection may carry another. */
  private boolean serve(HttpHead request) throws IOException, Reject {
    long start = System.nanoTime();
    String target = originForm(request.target());
    boolean http10 = request.version().equals("HTTP/1.0");
    List<String> hosts = request.values("Host");
    if (hosts.size() > 1 || (!http10 && hosts.isEmpty())) {
      throw new Reject(400, "Bad Request");
    }
    if (request.method().equals("CONNECT")) {
      throw new Reject(405, "Method Not Allowed");
    }
    Body body = requestBody(request);
    boolean close =
        request.hasToken("Connection", "close")
            || (http10 && !request.hasToken("Connection", "keep-alive"));

    if ((request.method().equals("GET") || request.method().equals("HEAD"))
        && pathOf(target).equals(AuthProxy.HEALTH_PATH)) {
      if (!discard(body, request)) {
        close = true;
      }
      LocalResponse.empty(out, 200, "OK", close);
      return !close;
    }

    shared.stats().touch();
    if (shared.check() != null
        && shared.check().check(request) instanceof TokenCheck.Refused refused) {
      if (!discard(body, request)) {
        close = true;
      }
      String reason = refused.status() == 401 ? "Unauthorized" : "Bad Request";
      LocalResponse.json(out, refused.status(), reason, refused.message(), close);
      shared.log().request(request.method(), target, refused.status(), micros(start));
      return !close;
    }

    String upstreamTarget = shared.remote().target(shared.rewrite().apply(target));
    if (request.hasToken("Upgrade", "websocket")) {
      tunnel(request, upstreamTarget);
      shared.stats().touch();
      shared.log().request(request.method(), target, 101, micros(start));
      return false;
    }
    int status = forward(request, upstreamTarget, body, close, http10);
    shared.stats().touch();
    shared.log().request(request.method(), target, Math.abs(status), micros(start));
    return status > 0 && !close;
  }

  private static long micros(long start) {
    return (System.nanoTime() - start) / 1000;
  }

  /** Origin form of the target; an absolute-form target (a proxy request) keeps only its path. */
  private static String originForm(String target) throws Reject {
    if (target.startsWith("/")) {
      return target;
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      int query = target.indexOf('?', target.indexOf("//") + 2);
      if (slash < 0 || (query >= 0 && query < slash)) {
        return "/" + (query < 0 ? "" : target.substring(query));
      }
      return target.substring(slash);
    }
    throw new Reject(400, "Bad Request");
  }

  private static String pathOf(String target) {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  private static Body requestBody(HttpHead request) throws Reject {
    List<String> te = request.values("Transfer-Encoding");
    List<String> cl = request.values("Content-Length");
    if (!te.isEmpty()) {
      if (!cl.isEmpty()) {
        // Both framings at once is how requests are smuggled past a proxy: refused.
        throw new Reject(400, "Bad Request");
      }
      if (te.size() != 1 || !te.getFirst().strip().equalsIgnoreCase("chunked")) {
        throw new Reject(501, "Not Implemented");
      }
      return new Body(Framing.CHUNKED, -1);
    }
    if (!cl.isEmpty()) {
      long length = contentLength(cl);
      if (length < 0) {
        throw new Reject(400, "Bad Request");
      }
      return length == 0 ? new Body(Framing.LENGTH, 0) : new Body(Framing.LENGTH, length);
    }
    return new Body(Framing.NONE, 0);
  }

  /** The one length all Content-Length values agree on, or -1 when they are bad or differ. */
  private static long contentLength(List<String> values) {
    long length = -1;
    for (String v : values) {
      for (String part : v.split(",")) {
        String s = part.strip();
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
          return -1;
        }
        long n = Long.parseLong(s);
        if (length >= 0 && n != length) {
          return -1;
        }
        length = n;
      }
    }
    return length;
  }

  /** Reads and drops a small body of a request answered here; false if the connection must end. */
  private boolean discard(Body body, HttpHead request) throws IOException {
    if (body.framing() == Framing.NONE
        || (body.framing() == Framing.LENGTH && body.length() == 0)) {
      return true;
    }
    if (body.framing() == Framing.LENGTH
        && body.length() <= DRAIN_LIMIT
        && request.first("Expect") == null) {
      in.skip(body.length());
      return true;
    }
    return false;
  }

  /**
   * Sends the request to the remote and its response back; returns the status, negated when the
   * client connection cannot be reused.
   */
  private int forward(HttpHead request, String target, Body body, boolean close, boolean http10)
      throws IOException {
    List<HttpHead.Header> headers = forwardedHeaders(request, false);
    switch (body.framing()) {
      case LENGTH ->
          headers.add(new HttpHead.Header("Content-Length", Long.toString(body.length())));
      case CHUNKED -> headers.add(new HttpHead.Header("Transfer-Encoding", "chunked"));
      default -> {}
    }
    String requestLine = request.method() + " " + target + " HTTP/1.1";
    boolean hasBody =
        body.framing() == Framing.CHUNKED
            || (body.framing() == Framing.LENGTH && body.length() > 0);
    boolean expectContinue =
        hasBody && "100-continue".equalsIgnoreCase(String.valueOf(request.first("Expect")).strip());

    HttpHead response = null;
    IOException failure = null;
    for (int attempt = 0; attempt < 2 && response == null; attempt++) {
      boolean reused = upstream != null;
      try {
        if (upstream == null) {
          upstream = shared.remote().open();
        }
        HttpHead.write(upstream.out, requestLine, headers);
        if (hasBody) {
          if (expectContinue) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
          if (body.framing() == Framing.LENGTH) {
            in.copyExactly(body.length(), upstream.out);
          } else {
            in.copyChunked(upstream.out, new int[] {MAX_CHUNK_LINES});
          }
        }
        upstream.out.flush();
        response = readFinalResponse();
      } catch (Wire.MalformedException | Wire.HeadTooLargeException e) {
        failure = e;
        dropUpstream();
        break;
      } catch (IOException e) {
        failure = e;
        dropUpstream();
        // A kept-alive connection the remote closed meanwhile: once more on a fresh one, if the
        // request had no body (that was consumed already).
        if (!reused || hasBody) {
          break;
        }
      }
    }
    if (response == null) {
      String message =
          "remote "
              + shared.remote()
              + " unreachable, could not forward: "
              + (failure == null ? "no response" : failure.getMessage());
      LocalResponse.json(out, 502, "Bad Gateway", message, true);
      return -502;
    }
    return relay(request, response, close, http10);
  }

  private HttpHead readFinalResponse() throws IOException {
    while (true) {
      HttpHead response = HttpHead.readResponse(upstream.in, MAX_HEAD_BYTES);
      int status = response.status();
      if (status >= 100 && status < 200 && status != 101) {
        continue; // interim answers (100 Continue was given by us already)
      }
      if (status == 101) {
        throw new Wire.MalformedException("unexpected protocol switch from the remote");
      }
      return response;
    }
  }

  private int relay(HttpHead request, HttpHead response, boolean close, boolean http10)
      throws IOException {
    int status = response.status();
    Framing framing;
    long length = -1;
    boolean noBody = request.method().equals("HEAD") || status == 204 || status == 304;
    List<String> te = response.values("Transfer-Encoding");
    if (noBody) {
      framing = Framing.NONE;
    } else if (!te.isEmpty()) {
      String last = te.getLast();
      framing =
          last.toLowerCase(Locale.ROOT).strip().endsWith("chunked")
              ? Framing.CHUNKED
              : Framing.UNTIL_CLOSE;
    } else if (!response.values("Content-Length").isEmpty()) {
      length = contentLength(response.values("Content-Length"));
      if (length < 0) {
        dropUpstream();
        LocalResponse.json(out, 502, "Bad Gateway", "bad Content-Length from the remote", true);
        return -502;
      }
      framing = Framing.LENGTH;
    } else {
      framing = Framing.UNTIL_CLOSE;
    }
    boolean upstreamReusable =
        framing != Framing.UNTIL_CLOSE
            && response.version().equals("HTTP/1.1")
            && !response.hasToken("Connection", "close");

    Set<String> listed = response.connectionListed();
    List<HttpHead.Header> headers = new ArrayList<>();
    for (HttpHead.Header h : response.headers()) {
      String n = h.name().toLowerCase(Locale.ROOT);
      if (HttpHead.HOP_BY_HOP.contains(n) || listed.contains(n) || n.equals("content-length")) {
        continue;
      }
      headers.add(h);
    }
    boolean clientCloses = close;
    switch (framing) {
      case LENGTH -> headers.add(new HttpHead.Header("Content-Length", Long.toString(length)));
      case CHUNKED -> {
        if (http10) {
          clientCloses = true;
        } else {
          headers.add(new HttpHead.Header("Transfer-Encoding", "chunked"));
        }
      }
      case UNTIL_CLOSE -> {
        if (http10) {
          clientCloses = true;
        } else {
          headers.add(new HttpHead.Header("Transfer-Encoding", "chunked"));
        }
      }
      case NONE -> {
        if (request.method().equals("HEAD")) {
          for (String v : response.values("Content-Length")) {
            headers.add(new HttpHead.Header("Content-Length", v));
          }
        }
      }
    }
    if (clientCloses) {
      headers.add(new HttpHead.Header("Connection", "close"));
    }
    String reason = response.startLine()[2];
    HttpHead.write(out, "HTTP/1.1 " + status + (reason.isEmpty() ? "" : " " + reason), headers);
    out.flush();
    switch (framing) {
      case LENGTH -> upstream.in.copyExactly(length, out);
      case CHUNKED -> {
        if (http10) {
          upstream.in.copyChunked(new Dechunked(out), new int[] {MAX_CHUNK_LINES});
        } else {
          upstream.in.copyChunked(out, new int[] {MAX_CHUNK_LINES});
        }
      }
      case UNTIL_CLOSE -> {
        if (http10) {
          upstream.in.copyToEnd(out);
        } else {
          ChunkedOutput chunked = new ChunkedOutput(out);
          upstream.in.copyToEnd(chunked);
          chunked.finish();
        }
      }
      case NONE -> {}
    }
    out.flush();
    if (!upstreamReusable) {
      dropUpstream();
    }
    return clientCloses ? -status : status;
  }

  /**
   * The request's fields for the remote: hop-by-hop ones dropped (unless {@code raw}, the WebSocket
   * case, where Go writes the request as it came), {@code Forwarded} dropped when stripping a
   * prefix (RStudio misreads it; Go does the same), and the X-Forwarded-* set as echo and Go's
   * reverse proxy set them.
   */
  private List<HttpHead.Header> forwardedHeaders(HttpHead request, boolean raw) {
    Set<String> listed = request.connectionListed();
    List<HttpHead.Header> headers = new ArrayList<>();
    List<String> priorFor = new ArrayList<>();
    boolean hasRealIp = false;
    boolean hasProto = false;
    boolean hasHost = false;
    for (HttpHead.Header field : request.headers()) {
      HttpHead.Header h = field;
      String n = h.name().toLowerCase(Locale.ROOT);
      if (!raw
          && (HttpHead.HOP_BY_HOP.contains(n)
              || listed.contains(n)
              || n.equals("expect")
              || n.equals("content-length"))) {
        continue;
      }
      if (n.equals("forwarded") && shared.rewrite().active()) {
        continue;
      }
      if (n.equals("cookie")) {
        var kept = shared.withheld().filter(h.value());
        if (kept.isEmpty()) {
          continue;
        }
        h = new HttpHead.Header(h.name(), kept.get());
      }
      if (n.equals("x-forwarded-for")) {
        priorFor.add(h.value());
        if (!raw) {
          continue;
        }
      }
      hasRealIp |= n.equals("x-real-ip") && !h.value().isEmpty();
      hasProto |= n.equals("x-forwarded-proto") && !h.value().isEmpty();
      hasHost |= n.equals("host");
      headers.add(h);
    }
    String client = socket.getInetAddress().getHostAddress();
    if (!hasHost) {
      headers.add(new HttpHead.Header("Host", shared.remote().authority()));
    }
    if (!hasRealIp) {
      String real = client;
      if (!priorFor.isEmpty()) {
        real = priorFor.getFirst().split(",")[0].strip();
      }
      headers.add(new HttpHead.Header("X-Real-Ip", real));
    }
    if (!hasProto) {
      headers.add(new HttpHead.Header("X-Forwarded-Proto", "http"));
    }
    if (!raw) {
      String chain = priorFor.isEmpty() ? client : String.join(", ", priorFor) + ", " + client;
      headers.add(new HttpHead.Header("X-Forwarded-For", chain));
    } else if (priorFor.isEmpty()) {
      headers.add(new HttpHead.Header("X-Forwarded-For", client));
    }
    return headers;
  }

  /** A WebSocket: the request goes to a new connection, then bytes flow both ways until closed. */
  private void tunnel(HttpHead request, String target) throws IOException {
    Remote.Connection remote;
    try {
      remote = shared.remote().open();
    } catch (IOException e) {
      LocalResponse.json(
          out,
          502,
          "Bad Gateway",
          "proxy raw, dial error=" + e.getMessage() + ", url=" + shared.remote(),
          true);
      return;
    }
    try (remote) {
      HttpHead.write(
          remote.out,
          request.method() + " " + target + " " + request.version(),
          forwardedHeaders(request, true));
      in.drainBufferTo(remote.out);
      remote.out.flush();
      Thread back =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      remote.in.copyToEnd(out);
                    } catch (IOException ignored) {
                      // either side went away
                    } finally {
                      shutdownOutput(socket);
                    }
                  });
      try {
        InputStream client = socket.getInputStream();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = client.read(buf)) > 0) {
          remote.out.write(buf, 0, n);
          remote.out.flush();
        }
      } catch (IOException ignored) {
        // either side went away
      } finally {
        shutdownOutput(remote.socket);
      }
      try {
        back.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void shutdownOutput(Socket s) {
    try {
      if (!s.isClosed() && !s.isOutputShutdown()) {
        s.shutdownOutput();
      }
    } catch (IOException ignored) {
      // closed meanwhile
    }
  }

  private void dropUpstream() {
    if (upstream != null) {
      upstream.close();
      upstream = null;
    }
  }

  /** Writes what it is given as HTTP chunks; {@link #finish} writes the last chunk. */
  private static final class ChunkedOutput extends OutputStream {
    private final OutputStream out;

    ChunkedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b, off, len);
      out.write('\r');
      out.write('\n');
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    void finish() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  /**
   * For an HTTP/1.0 client of a chunked response: {@link Wire#copyChunked} writes the chunk framing
   * too, so this strips it again (sizes, CRLFs, trailers) and passes the data only.
   */
  private static final class Dechunked extends OutputStream {
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder();
    private long dataLeft;
    private int crlfLeft;
    private boolean done;

    Dechunked(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (done) {
        return;
      }
      if (dataLeft > 0) {
        out.write(b);
        if (--dataLeft == 0) {
          crlfLeft = 2;
        }
        return;
      }
      if (crlfLeft > 0) {
        crlfLeft--;
        return;
      }
      if (b == '\n') {
        String size = line.toString().strip();
        line.setLength(0);
        if (size.isEmpty()) {
          return;
        }
        dataLeft = Long.parseLong(size, 16);
        if (dataLeft == 0) {
          done = true;
        }
      } else if (b != '\r') {
        line.append((char) b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = 0; i < len; i++) {
        if (dataLeft > 0 && crlfLeft == 0) {
          int n = (int) Math.min(dataLeft, len - i);
          out.write(b, off + i, n);
          dataLeft -= n;
          i += n - 1;
          if (dataLeft == 0) {
            crlfLeft = 2;
          }
        } else {
          write(b[off + i]);
        }
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}

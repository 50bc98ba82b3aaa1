package io.renku.sidecars.authproxy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** One connection to the meta port: {@code GET /request_stats}, echo's 404/405 otherwise. */
final class MetaConnection implements Runnable {
  private final Socket socket;
  private final RequestStats stats;
  private final Wire in;
  private final OutputStream out;

  MetaConnection(Socket socket, RequestStats stats) throws IOException {
    this.socket = socket;
    this.stats = stats;
    this.in = new Wire(socket.getInputStream(), 4096);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 4096);
  }

  @Override
  public void run() {
    try (socket) {
      socket.setSoTimeout(60_000);
      while (!in.atEnd()) {
        HttpHead request;
        try {
          request = HttpHead.readRequest(in, 64 * 1024);
        } catch (Wire.HeadTooLargeException e) {
          LocalResponse.plain(out, 431, "Request Header Fields Too Large");
          return;
        } catch (Wire.MalformedException e) {
          LocalResponse.plain(out, 400, "Bad Request");
          return;
        }
        if (!request.values("Transfer-Encoding").isEmpty()
            || !request.values("Content-Length").stream().allMatch(v -> v.strip().equals("0"))) {
          LocalResponse.json(out, 413, "Request Entity Too Large", "no body expected", true);
          return;
        }
        String target = request.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        boolean close = request.hasToken("Connection", "close");
        if (!path.equals("/request_stats")) {
          LocalResponse.json(out, 404, "Not Found", "Not Found", close);
        } else if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
          LocalResponse.json(out, 405, "Method Not Allowed", "Method Not Allowed", close);
        } else {
          LocalResponse.send(out, 200, "OK", "application/json", stats.json(), close);
        }
        if (close) {
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      // idle
    } catch (IOException e) {
      // client went away
    }
  }
}

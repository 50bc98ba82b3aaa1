package io.renku.data.session;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.session.runtime.SessionRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.stereotype.Component;

/**
 * Whether a container image can be pulled anonymously: asks its registry for the manifest (Docker
 * registry API v2, with the anonymous bearer token registries such as Docker Hub require).
 *
 * <p>The registry is named by the caller, so this is a request the platform makes on anyone's
 * behalf; hence:
 *
 * <ul>
 *   <li>only logged-in callers may ask (401 otherwise);
 *   <li>only public registries are asked: HTTPS on port 443, to a host none of whose addresses is
 *       loopback, private, link-local or otherwise not public. Each host is resolved once per check
 *       and the connection goes to the very address that was checked (a second lookup could answer
 *       differently: DNS rebinding);
 *   <li>a whole check takes at most {@link #TOTAL} (each connection at most {@link #CONNECT}), and
 *       at most {@link #MAX_CONCURRENT} run at once, the others get 503 at once. The admission
 *       filter lets this path through without a slot (it would otherwise hold one of the few slots
 *       while waiting on someone else's server), so this limit is what bounds it.
 * </ul>
 */
@Component
public class SessionImages {
  static final Duration CONNECT = Duration.ofSeconds(2);
  static final Duration TOTAL = Duration.ofSeconds(3);
  static final int MAX_CONCURRENT = 4;
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  private static final Pattern REFERENCE =
      Pattern.compile(
          "^(?:(?<host>[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}|localhost)(?::(?<port>\\d+))?/)?"
              + "(?<repo>[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)"
              + "(?::(?<tag>[\\w][\\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$");
  private static final Pattern BEARER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Pattern TOKEN =
      Pattern.compile("\"(?:token|access_token)\"\\s*:\\s*\"([^\"]+)\"");
  private static final String ACCEPT =
      "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json,"
          + " application/vnd.docker.distribution.manifest.v2+json";

  /** Host name to addresses: the system's resolver, or a test's. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Resolver resolver;
  private final SSLSocketFactory tls;
  private final Semaphore slots = new Semaphore(MAX_CONCURRENT);

  private final SessionRuntime runtime;

  @org.springframework.beans.factory.annotation.Autowired
  public SessionImages(SessionRuntime runtime) {
    this(InetAddress::getAllByName, (SSLSocketFactory) SSLSocketFactory.getDefault(), runtime);
  }

  SessionImages(Resolver resolver, SSLSocketFactory tls) {
    this(resolver, tls, null);
  }

  SessionImages(Resolver resolver, SSLSocketFactory tls, SessionRuntime runtime) {
    this.resolver = resolver;
    this.tls = tls;
    this.runtime = runtime;
  }

  public boolean accessible(ApiUser caller, String image) {
    caller.requireAuthenticated();
    Matcher m = REFERENCE.matcher(image.strip());
    if (!m.matches()) {
      throw RenkuException.validation("image_url", "is not a container image reference");
    }
    // an image the runtime has here starts without any registry (images built on this machine);
    // asking costs a process of the engine, so it takes one of the check slots too
    if (runtime != null) {
      if (!slots.tryAcquire()) {
        throw RenkuException.unavailable(
            "Too many image checks are running; try again in a moment.", null);
      }
      try {
        if (runtime.imagePresent(image.strip()).orElse(false)) {
          return true;
        }
      } finally {
        slots.release();
      }
    }
    String host = m.group("host") == null ? "registry-1.docker.io" : m.group("host");
    if (host.equals("docker.io")) {
      host = "registry-1.docker.io";
    }
    if (m.group("port") != null && !m.group("port").equals("443")) {
      return false;
    }
    String repo = m.group("repo");
    if (m.group("host") == null && !repo.contains("/")) {
      repo = "library/" + repo;
    }
    String ref =
        m.group("digest") != null
            ? m.group("digest")
            : m.group("tag") != null ? m.group("tag") : "latest";
    if (!slots.tryAcquire()) {
      throw RenkuException.unavailable(
          "Too many image checks are running; try again in a moment.", null);
    }
    try {
      return new Check(System.nanoTime() + TOTAL.toNanos()).run(host, repo, ref);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } finally {
      slots.release();
    }
  }

  /** One check: its deadline and the addresses it resolved (each host once). */
  private final class Check {
    private final long deadline;
    private final Map<String, InetAddress> resolved = new HashMap<>();

    Check(long deadline) {
      this.deadline = deadline;
    }

    boolean run(String host, String repo, String ref) throws IOException {
      String manifest = "/v2/" + repo + "/manifests/" + ref;
      Answer first = exchange("HEAD", host, manifest, null);
      if (first.status() == 401) {
        String token = anonymousToken(first, repo);
        return token != null && exchange("HEAD", host, manifest, token).status() == 200;
      }
      return first.status() == 200;
    }

    /** The anonymous pull token the registry's {@code WWW-Authenticate} challenge points at. */
    private String anonymousToken(Answer challenge, String repo) throws IOException {
      String header = challenge.headers().getOrDefault("www-authenticate", "");
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      Matcher m = BEARER.matcher(header);
      while (m.find()) {
        params.put(m.group(1), m.group(2));
      }
      String realm = params.get("realm");
      if (realm == null || !realm.startsWith("https://")) {
        return null;
      }
      URI realmUri = URI.create(realm);
      if (realmUri.getHost() == null || (realmUri.getPort() != -1 && realmUri.getPort() != 443)) {
        return null;
      }
      String query =
          "scope="
              + URLEncoder.encode("repository:" + repo + ":pull", StandardCharsets.UTF_8)
              + (params.containsKey("service")
                  ? "&service=" + URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)
                  : "");
      String path =
          realmUri.getRawPath() == null || realmUri.getRawPath().isEmpty()
              ? "/"
              : realmUri.getRawPath();
      String target =
          path + "?" + (realmUri.getRawQuery() == null ? "" : realmUri.getRawQuery() + "&") + query;
      Answer r = exchange("GET", realmUri.getHost(), target, null);
      if (r.status() != 200) {
        return null;
      }
      Matcher t = TOKEN.matcher(r.body());
      return t.find() ? t.group(1) : null;
    }

    /** One HTTP/1.1 request over TLS to the checked address of {@code host}, port 443. */
    private Answer exchange(String method, String host, String target, String token)
        throws IOException {
      if (target.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new IOException("not a plain request target");
      }
      InetAddress address = publicAddress(host);
      try (Socket raw = new Socket()) {
        raw.connect(
            new InetSocketAddress(address, 443),
            (int) Math.max(1, Math.min(CONNECT.toMillis(), remainingMillis())));
        raw.setSoTimeout(remainingMillis());
        try (SSLSocket socket = (SSLSocket) tls.createSocket(raw, host, 443, true)) {
          SSLParameters p = socket.getSSLParameters();
          p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
          p.setServerNames(List.of(new SNIHostName(host)));
          socket.setSSLParameters(p);
          socket.startHandshake();
          StringBuilder req =
              new StringBuilder(method)
                  .append(' ')
                  .append(target)
                  .append(" HTTP/1.1\r\nHost: ")
                  .append(host)
                  .append("\r\nUser-Agent: renku-data-service\r\nAccept: ")
                  .append("HEAD".equals(method) ? ACCEPT : "application/json")
                  .append("\r\n");
          if (token != null) {
            req.append("Authorization: Bearer ").append(token).append("\r\n");
          }
          req.append("Connection: close\r\n\r\n");
          OutputStream out = socket.getOutputStream();
          out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          return read(socket, "HEAD".equals(method));
        }
      }
    }

    /** The answer: up to the end of the headers for HEAD, else to the end (Connection: close). */
    private Answer read(Socket socket, boolean headOnly) throws IOException {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int headEnd = -1;
      while (true) {
        socket.setSoTimeout(remainingMillis());
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        all.write(buf, 0, n);
        if (all.size() > MAX_ANSWER_BYTES) {
          throw new IOException("answer too large");
        }
        if (headEnd < 0) {
          headEnd = all.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        }
        if (headEnd >= 0 && headOnly) {
          break;
        }
      }
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0 || !text.startsWith("HTTP/1.") || text.length() < 12) {
        throw new IOException("not an HTTP answer");
      }
      String[] lines = text.substring(0, end).split("\r\n");
      int status;
      try {
        status = Integer.parseInt(lines[0].substring(9, 12));
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status line");
      }
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      String body = headOnly ? "" : text.substring(end + 4);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = dechunk(body);
      }
      return new Answer(status, headers, body);
    }

    /** The one address of {@code host} this check connects to: resolved once, all public. */
    private InetAddress publicAddress(String host) throws IOException {
      InetAddress known = resolved.get(host);
      if (known != null) {
        return known;
      }
      InetAddress[] all = resolver.resolve(host);
      if (all.length == 0) {
        throw new UnknownHostException(host);
      }
      for (InetAddress a : all) {
        if (!isPublic(a)) {
          throw new IOException(host + " is not a public address");
        }
      }
      resolved.put(host, all[0]);
      return all[0];
    }

    private int remainingMillis() throws SocketTimeoutException {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("the image check ran out of time");
      }
      return (int) left;
    }
  }

  private record Answer(int status, Map<String, String> headers, String body) {}

  private static String dechunk(String body) throws IOException {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int eol = body.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(body.substring(i, eol).split(";")[0].trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk");
      }
      if (size <= 0) {
        break;
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }

  /** False for loopback, private, link-local, shared (100.64/10), multicast and unspecified. */
  static boolean isPublic(InetAddress a) {
    byte[] b = a.getAddress();
    if (a.isLoopbackAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0 // "this network"
          && !(first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
          && first < 240; // reserved and broadcast
    }
    return (b[0] & 0xfe) != 0xfc; // IPv6 unique local addresses
  }
}

package io.renku.data.connectedservice;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks a git server over the smart HTTP protocol whether a repository is there and may be read (or
 * written) with given credentials: {@code GET <url>/info/refs?service=git-upload-pack} (or {@code
 * git-receive-pack}), successful when the answer is 200 with git's advertisement type. Only the ref
 * advertisement's first bytes are read.
 *
 * <p>Against server-side request forgery: only the URL the user gave (plus git's fixed suffix),
 * http(s) only, 3 s to connect and 5 s in all, at most three redirects and only to the same scheme,
 * host and port; a host that is not a provider's must not resolve to a loopback, link-local,
 * private, unspecified or multicast address ({@link #publicAddress}).
 */
@Component
class GitProbe {
  private static final Logger log = LoggerFactory.getLogger(GitProbe.class);
  private static final int MAX_REDIRECTS = 3;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** What a probe found: the repository answered ({@code ok}), or the HTTP status (0: none). */
  record Result(boolean ok, int status) {
    boolean refused() {
      return status == 401 || status == 403 || status == 404;
    }
  }

  /**
   * Probes {@code service} at the repository; with {@code basicUser}/{@code password} as HTTP basic
   * credentials when given (never sent to another host, as no other host is asked).
   */
  Result probe(GitUrl url, String service, String basicUser, String password) {
    URI target = URI.create(url.render() + "/info/refs?service=" + service);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofSeconds(5))
              .header("User-Agent", "git/2.45.0 (renku-data-service)")
              .GET();
      if (password != null) {
        String basic = basicUser + ":" + password;
        b.header(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
      }
      try {
        HttpResponse<InputStream> r =
            http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
          int status = r.statusCode();
          if (status >= 300 && status < 400) {
            String loc = r.headers().firstValue("Location").orElse(null);
            URI next = loc == null ? null : target.resolve(loc);
            if (next == null || !sameOrigin(target, next)) {
              return new Result(false, status);
            }
            target = next;
            continue;
          }
          String type = r.headers().firstValue("Content-Type").orElse("");
          boolean ok =
              status == 200
                  && type.toLowerCase(Locale.ROOT)
                      .startsWith("application/x-" + service + "-advertisement");
          body.readNBytes(64);
          return new Result(ok, status);
        }
      } catch (IOException | IllegalArgumentException e) {
        log.debug("Git probe of {} failed: {}", url.netloc(), e.toString());
        return new Result(false, 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(false, 0);
      }
    }
    return new Result(false, 0);
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && GitUrl.netloc(a).equals(GitUrl.netloc(b));
  }

  /**
   * Whether every address of the host is one a user may make this service ask: not loopback,
   * link-local (cloud metadata), site-local (private networks, RFC 1918), unique-local IPv6,
   * carrier-grade NAT, unspecified or multicast.
   */
  static boolean publicAddress(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host.replaceAll("^\\[|\\]$", ""));
      for (InetAddress a : all) {
        if (a.isLoopbackAddress()
            || a.isLinkLocalAddress()
            || a.isSiteLocalAddress()
            || a.isAnyLocalAddress()
            || a.isMulticastAddress()
            || uniqueLocalOrCgnat(a.getAddress())) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean uniqueLocalOrCgnat(byte[] a) {
    if (a.length == 16) {
      return (a[0] & 0xfe) == 0xfc; // fc00::/7
    }
    return (a[0] & 0xff) == 100 && (a[1] & 0xc0) == 64; // 100.64.0.0/10
  }
}

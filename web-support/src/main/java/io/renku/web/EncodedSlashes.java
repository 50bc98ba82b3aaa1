package io.renku.web;

import java.util.List;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Where a path may hold an encoded slash ({@code %2F}): only as the last segment after one of a few
 * raw prefixes, such as {@code /api/data/platform/redirects/%2Fprojects%2Fns%2Fslug}, whose
 * parameter is a whole URL (decision 0043).
 *
 * <p>Tomcat refuses every {@code %2F} by default. As a customizer, this tells the connector to pass
 * it through undecoded instead ({@code encodedSolidusHandling="passthrough"}): it stays {@code %2F}
 * in the request URI and in the servlet path, so it never becomes a path separator and no {@code
 * ..%2F} can climb a level. That setting is the connector's, for every path; {@link #allows}
 * restores the refusal everywhere else (the gateway's {@link EncodedSlashFilter}, the data
 * service's firewall), so that a path the application never expects it on still gets a 400.
 */
public final class EncodedSlashes
    implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {
  private final List<String> prefixes;

  /**
   * @param prefixes raw path prefixes ending with {@code /}; the one segment after one of them may
   *     hold encoded slashes
   */
  public EncodedSlashes(List<String> prefixes) {
    for (String p : prefixes) {
      if (!p.startsWith("/") || !p.endsWith("/")) {
        throw new IllegalArgumentException("a prefix starts and ends with a slash: " + p);
      }
    }
    this.prefixes = List.copyOf(prefixes);
  }

  @Override
  public void customize(ConfigurableTomcatWebServerFactory factory) {
    factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
  }

  /** Whether a raw request URI (as the client sent it) may have the encoded slashes it has. */
  public boolean allows(String rawUri) {
    if (!hasEncodedSlash(rawUri)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (rawUri.startsWith(prefix) && rawUri.indexOf('/', prefix.length()) < 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code rawUri} holds {@code %2F} or {@code %2f}. */
  public static boolean hasEncodedSlash(String rawUri) {
    for (int i = rawUri.indexOf('%'); i >= 0 && i + 2 < rawUri.length(); ) {
      if (rawUri.charAt(i + 1) == '2' && (rawUri.charAt(i + 2) | 0x20) == 'f') {
        return true;
      }
      i = rawUri.indexOf('%', i + 1);
    }
    return false;
  }
}

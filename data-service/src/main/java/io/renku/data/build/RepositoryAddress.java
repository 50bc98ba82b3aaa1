package io.renku.data.build;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which repository URLs a build may clone. The platform clones from its own network position, so an
 * unchecked URL would let any user make it fetch from the loopback interface, the cluster's private
 * addresses or a cloud metadata endpoint and read the answer back in the build's log (server-side
 * request forgery). Only {@code http} and {@code https} URLs with a host are accepted, without user
 * info, and (unless the platform allows private repositories, as local mode and tests do) only
 * hosts that resolve to public addresses.
 */
public final class RepositoryAddress {
  private RepositoryAddress() {}

  /**
   * Null when {@code url} may be cloned, otherwise why not (a message fit for a 422).
   *
   * @param allowPrivate whether loopback, private, link-local and similar addresses are allowed
   */
  public static String problem(String url, boolean allowPrivate) {
    if (url == null || url.isBlank()) {
      return "is required";
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return "is not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an http or https URL";
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return "must name a host";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry credentials";
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (linkLocal(host)) {
      // Cloud metadata endpoints live here; no platform has a repository there.
      return PRIVATE;
    }
    if (allowPrivate) {
      return null;
    }
    if (host.equals("localhost")
        || host.endsWith(".localhost")
        || host.endsWith(".local")
        || host.endsWith(".internal")
        || !host.contains(".") && !host.contains(":")) {
      return PRIVATE;
    }
    if (isLiteralAddress(host)) {
      try {
        if (!isPublic(InetAddress.getByName(host))) {
          return PRIVATE;
        }
      } catch (UnknownHostException e) {
        return "is not a valid address";
      }
    }
    return null;
  }

  /**
   * The host's addresses when every one of them is public; for the builder, right before it clones
   * (and it should connect to one of these, so that a second lookup cannot answer differently).
   *
   * @throws IllegalArgumentException naming the problem when the host does not resolve or one of
   *     its addresses is not public
   */
  public static InetAddress[] publicAddress(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(IDN.toASCII(host));
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the host " + host + " does not resolve");
    }
    for (InetAddress a : addresses) {
      if (!isPublic(a)) {
        throw new IllegalArgumentException(
            "the host " + host + " is on a private or local network, which builds may not reach");
      }
    }
    return addresses;
  }

  private static final String PRIVATE =
      "names a host on a private or local network, which builds may not reach";

  /** Whether {@code host} is a link-local literal or a cloud metadata name. */
  private static boolean linkLocal(String host) {
    if (host.equals("metadata.google.internal") || host.equals("metadata")) {
      return true;
    }
    if (!isLiteralAddress(host)) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLinkLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal (no name lookup happens for those). */
  private static boolean isLiteralAddress(String host) {
    return host.contains(":") || host.matches("[0-9.]+") || host.matches("0x[0-9a-f.x]+");
  }

  /** Whether {@code a} is an address on the public internet. */
  public static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      // carrier-grade NAT 100.64/10, "this network" 0/8, benchmarking 198.18/15
      return !(first == 0
          || (first == 100 && second >= 64 && second < 128)
          || (first == 198 && (second == 18 || second == 19)));
    }
    // IPv6 unique local fc00::/7
    return (b[0] & 0xfe) != 0xfc;
  }
}

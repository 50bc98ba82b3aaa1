package io.renku.gateway.sessions;

import io.renku.gateway.proxy.ProxyFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What may cross between the platform and a session, which share the platform's origin (decision
 * 0016): the session gets none of the platform's cookies or credentials, and its answers can set
 * none of the platform's cookies, clear them, or widen a service worker's reach beyond the session.
 */
public final class SessionBoundary {
  private SessionBoundary() {}

  /**
   * Headers a session never gets from the browser: the platform's credentials and identity headers
   * (the gateway puts the session's own token in {@code Authorization}).
   */
  static final List<String> PLATFORM_HEADERS =
      Stream.concat(Stream.of("Authorization"), ProxyFilter.IDENTITY_HEADERS.stream()).toList();

  /**
   * Cookie names (lower case) that belong to the platform, besides those starting with {@code
   * _renku}: the data service's anonymous-id cookie, the identity provider's session of local mode
   * ({@code JSESSIONID}, path {@code /auth}) and Keycloak's cookies, for a Keycloak served on the
   * platform's host.
   */
  private static final List<String> PLATFORM_PREFIXES =
      List.of("_renku", "renku-auth-", "jsessionid", "keycloak_", "kc_", "auth_session_id");

  /**
   * Answer headers a session must not send to the browser: {@code Clear-Site-Data} would wipe the
   * platform's cookies and storage (a forced logout); {@code Service-Worker-Allowed} would let a
   * service worker of the session control every page of the platform.
   */
  private static final List<String> DROPPED_ANSWER_HEADERS =
      List.of("clear-site-data", "service-worker-allowed");

  /** Whether a cookie of this name is the platform's (any case). */
  public static boolean isPlatformCookie(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    for (String prefix : PLATFORM_PREFIXES) {
      if (lower.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code Cookie} header values joined, minus the platform's cookies; "" if none is left. */
  public static String sessionCookies(List<String> headerValues) {
    List<String> kept = new ArrayList<>();
    for (String header : headerValues) {
      for (String part : header.split(";")) {
        String cookie = part.strip();
        int eq = cookie.indexOf('=');
        String name = eq < 0 ? cookie : cookie.substring(0, eq);
        if (!cookie.isEmpty() && !isPlatformCookie(name)) {
          kept.add(cookie);
        }
      }
    }
    return String.join("; ", kept);
  }

  /**
   * Whether a header of a session's answer may reach the browser: not a {@code Set-Cookie} of a
   * platform cookie, nor one of the headers that act on the whole origin.
   */
  public static boolean keepAnswerHeader(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("set-cookie") || lower.equals("set-cookie2")) {
      int eq = value.indexOf('=');
      // without "=", browsers take the whole pair as a value with an empty name: harmless
      return eq < 0 || !isPlatformCookie(value.substring(0, eq));
    }
    return !DROPPED_ANSWER_HEADERS.contains(lower);
  }
}

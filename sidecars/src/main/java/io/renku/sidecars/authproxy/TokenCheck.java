package io.renku.sidecars.authproxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The Go proxy's credential check (echo's key-auth middleware with the lookup {@code
 * cookie:<cookie_key>,header:Authorization}), decision for decision:
 *
 * <ul>
 *   <li>every value of the cookie {@code cookie_key}, then every {@code Authorization: Bearer
 *       <token>} header (scheme case-insensitive), is compared with the token; any match passes;
 *   <li>a value was found and none matched: 401 {@code {"message":"Unauthorized"}};
 *   <li>none was found: 400 with echo's message for the last place looked at ({@code missing key in
 *       request header}, or {@code invalid key in the request header} for an Authorization header
 *       of another scheme).
 * </ul>
 *
 * There is no query parameter and no cookie is set on success: the Go proxy has neither. Values are
 * compared in constant time.
 */
final class TokenCheck {
  /** echo keeps at most this many values per place (a guard against very long lists). */
  private static final int VALUE_LIMIT = 20;

  private static final String BEARER = "Bearer ";

  sealed interface Outcome permits Allowed, Refused {}

  record Allowed() implements Outcome {}

  record Refused(int status, String message) implements Outcome {}

  private enum Missing {
    COOKIE("missing key in cookies"),
    HEADER("missing key in request header"),
    HEADER_INVALID("invalid key in the request header");

    final String message;

    Missing(String message) {
      this.message = message;
    }
  }

  private final byte[] token;
  private final String cookieKey;

  TokenCheck(String token, String cookieKey) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.cookieKey = cookieKey;
  }

  Outcome check(HttpHead head) {
    Missing lastMissing = null;
    boolean wrongValue = false;

    List<String> fromCookies = cookieValues(head.values("Cookie"), cookieKey);
    if (fromCookies.isEmpty()) {
      lastMissing = Missing.COOKIE;
    } else {
      for (String v : fromCookies) {
        if (matches(v)) {
          return new Allowed();
        }
        wrongValue = true;
      }
    }

    List<String> authorization = head.values("Authorization");
    if (authorization.isEmpty()) {
      lastMissing = Missing.HEADER;
    } else {
      List<String> bearer = new ArrayList<>();
      for (String v : authorization) {
        if (v.length() > BEARER.length()
            && v.regionMatches(true, 0, BEARER, 0, BEARER.length())
            && bearer.size() < VALUE_LIMIT) {
          bearer.add(v.substring(BEARER.length()));
        }
      }
      if (bearer.isEmpty()) {
        lastMissing = Missing.HEADER_INVALID;
      }
      for (String v : bearer) {
        if (matches(v)) {
          return new Allowed();
        }
        wrongValue = true;
      }
    }
    if (wrongValue) {
      return new Refused(401, "Unauthorized");
    }
    return new Refused(400, lastMissing.message);
  }

  private boolean matches(String candidate) {
    return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token);
  }

  /**
   * The values of cookie {@code name} in the Cookie headers, parsed as Go's {@code
   * Request.Cookies}: pairs split on ';', names must be tokens, a value may be quoted, pairs with
   * bytes Go refuses are skipped.
   */
  static List<String> cookieValues(List<String> cookieHeaders, String name) {
    List<String> out = new ArrayList<>();
    for (String line : cookieHeaders) {
      for (String part : line.split(";")) {
        String pair = part.strip();
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String n = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        if (!HttpHead.isToken(n)) {
          continue;
        }
        if (v.length() > 1 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        if (!v.chars().allMatch(TokenCheck::validCookieByte)) {
          continue;
        }
        if (n.equals(name) && out.size() < VALUE_LIMIT) {
          out.add(v);
        }
      }
    }
    return out;
  }

  private static boolean validCookieByte(int b) {
    return 0x20 <= b && b < 0x7f && b != '"' && b != ';' && b != '\\';
  }
}

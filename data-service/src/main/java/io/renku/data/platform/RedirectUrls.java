package io.renku.data.platform;

import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The original's rules for the two URLs of a redirect plan ({@code platform/core.py}), a little
 * stricter where a browser could be led somewhere else than the text suggests.
 *
 * <ul>
 *   <li>A source is a path starting with {@code /projects/} (a Renku v1 project page) or an https
 *       URL on {@code gitlab.renkulab.io}.
 *   <li>A target is {@code /p/<ULID>} (a Renku 2 project) or an https URL: never another scheme
 *       ({@code javascript:}, {@code data:}), never a scheme-relative {@code //host}.
 *   <li>Neither has a query, a fragment, {@code ;parameters}, user information, empty, {@code .} or
 *       {@code ..} segments (also percent-encoded) or a trailing slash: one spelling per location,
 *       so a plan cannot be dodged or doubled by writing the same URL another way.
 *   <li>Both are printable ASCII without spaces (other characters percent-encoded), at most {@link
 *       #MAX_LENGTH} characters.
 * </ul>
 */
final class RedirectUrls {
  static final int MAX_LENGTH = 2000;
  static final String GITLAB_HOST = "gitlab.renkulab.io";

  private RedirectUrls() {}

  static String source(String field, String url) {
    URI uri = parse(field, url);
    if (uri.getScheme() != null) {
      if (!"https".equals(uri.getScheme())) {
        throw RenkuException.validation(field, "must use https or be a path");
      }
      if (!GITLAB_HOST.equals(uri.getRawAuthority())) {
        throw RenkuException.validation(field, "the host must be " + GITLAB_HOST);
      }
      requireCanonicalPath(field, uri);
      return url;
    }
    if (uri.getRawAuthority() != null) {
      throw RenkuException.validation(field, "must not name a host without https");
    }
    requireCanonicalPath(field, uri);
    if (!uri.getRawPath().startsWith("/projects/")) {
      throw RenkuException.validation(
          field, "must start with /projects/ or https://" + GITLAB_HOST);
    }
    return url;
  }

  static String target(String field, String url) {
    URI uri = parse(field, url);
    if (uri.getScheme() != null || uri.getRawAuthority() != null) {
      if (!"https".equals(uri.getScheme())) {
        throw RenkuException.validation(field, "must use https or be a path /p/<project id>");
      }
      if (uri.getHost() == null || uri.getRawUserInfo() != null) {
        throw RenkuException.validation(field, "must name a host (and no user)");
      }
      if (!uri.getRawPath().isEmpty()) {
        requireCanonicalPath(field, uri);
      }
      return url;
    }
    String path = uri.getRawPath();
    if (!path.startsWith("/p/") || !Ulid.isValid(path.substring(3))) {
      throw RenkuException.validation(field, "must be /p/<project id> or an https URL");
    }
    return url;
  }

  private static URI parse(String field, String url) {
    if (url == null || url.isEmpty()) {
      throw RenkuException.validation(field, "must not be empty");
    }
    if (url.length() > MAX_LENGTH) {
      throw RenkuException.validation(field, "must be at most " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        throw RenkuException.validation(
            field, "must be printable ASCII without spaces or backslashes (percent-encode others)");
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw RenkuException.validation(field, "is not a valid URL");
    }
    if (uri.isOpaque()) {
      throw RenkuException.validation(field, "is not a valid URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || url.contains(";")) {
      throw RenkuException.validation(field, "must not include parameters, a query, or a fragment");
    }
    return uri;
  }

  /** Non-empty segments, none of them {@code .} or {@code ..}, however encoded; no final slash. */
  private static void requireCanonicalPath(String field, URI uri) {
    String path = uri.getRawPath();
    if (path == null || !path.startsWith("/")) {
      throw RenkuException.validation(field, "must have a path");
    }
    if (path.equals("/")) {
      return;
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw RenkuException.validation(field, "has a badly percent-encoded path");
    }
    for (String p : new String[] {path, decoded}) {
      if (p.endsWith("/") || p.contains("//")) {
        throw RenkuException.validation(field, "path is not canonical (empty segment)");
      }
      for (String segment : p.substring(1).split("/", -1)) {
        if (segment.equals(".") || segment.equals("..")) {
          throw RenkuException.validation(field, "path is not canonical (dot segment)");
        }
      }
    }
  }
}

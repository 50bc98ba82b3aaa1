package io.renku.gateway.proxy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;

/**
 * The gateway's request as the data service sees it when it is called in process: the same method,
 * path, query and body, with the headers a proxied request would carry (those of {@code headers},
 * which the route edited exactly as for an HTTP hop). The browser's cookies are not among them, so
 * {@link #getCookies()} sees none either.
 */
final class RelayedRequest extends HttpServletRequestWrapper {
  /** Lower-case name → values; the first spelling of each name is kept for the name list. */
  private final Map<String, List<String>> headers = new LinkedHashMap<>();

  private final Map<String, String> names = new LinkedHashMap<>();

  /**
   * Lower-case spellings of the names the data service's code asks for (constants, a few dozen),
   * remembered to spare an allocation and a hash per look-up; bounded in case a caller passes names
   * that come from clients.
   */
  private static final Map<String, String> LOWER = new ConcurrentHashMap<>();

  private static String key(String name) {
    String key = LOWER.get(name);
    if (key == null) {
      key = name.toLowerCase(Locale.ROOT);
      if (LOWER.size() < 256) {
        LOWER.put(name, key);
      }
    }
    return key;
  }

  RelayedRequest(HttpServletRequest request, ClassicHttpRequest edited) {
    super(request);
    for (Header h : edited.getHeaders()) {
      String key = h.getName().toLowerCase(Locale.ROOT);
      names.putIfAbsent(key, h.getName());
      headers.computeIfAbsent(key, k -> new ArrayList<>(1)).add(h.getValue());
    }
  }

  @Override
  public String getHeader(String name) {
    List<String> values = headers.get(key(name));
    return values == null ? null : values.getFirst();
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    List<String> values = headers.get(key(name));
    return Collections.enumeration(values == null ? List.of() : values);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return Collections.enumeration(names.values());
  }

  @Override
  public int getIntHeader(String name) {
    String value = getHeader(name);
    return value == null ? -1 : Integer.parseInt(value.trim());
  }

  @Override
  public long getDateHeader(String name) {
    String value = getHeader(name);
    if (value == null) {
      return -1;
    }
    try {
      return java.time.ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Not a date: " + name);
    }
  }

  @Override
  public Cookie[] getCookies() {
    return null; // the browser's cookies stay in the gateway
  }
}

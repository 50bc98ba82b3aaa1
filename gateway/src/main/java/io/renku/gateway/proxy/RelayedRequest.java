package io.renku.gateway.proxy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's request as the data service sees it when it is called in process: the same method,
 * path, query and body, with the headers a proxied request would carry. It starts with the
 * request's own headers and {@link ProxyFilter} edits them exactly as for an HTTP hop ({@link
 * UpstreamHeaders}). The browser's cookies are not among them, so {@link #getCookies()} sees none
 * either.
 */
final class RelayedRequest extends HttpServletRequestWrapper implements UpstreamHeaders {
  /** Lower-case name → values; the first spelling of each name is kept for the name list. */
  private final Map<String, List<String>> headers = new HashMap<>();

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

  /** {@code request} with its headers, but those whose lower-case names are in {@code skip}. */
  RelayedRequest(HttpServletRequest request, Set<String> skip) {
    super(request);
    Enumeration<String> all = request.getHeaderNames();
    while (all.hasMoreElements()) {
      String name = all.nextElement();
      String known = LOWER.get(name); // client-chosen names are looked up, never remembered
      String key = known != null ? known : name.toLowerCase(Locale.ROOT);
      if (skip.contains(key) || names.putIfAbsent(key, name) != null) {
        continue; // skipped, or a second spelling of a name already copied
      }
      List<String> values = new ArrayList<>(1);
      Enumeration<String> each = request.getHeaders(name);
      while (each.hasMoreElements()) {
        values.add(each.nextElement());
      }
      headers.put(key, values);
    }
  }

  @Override
  public void remove(String name) {
    String key = key(name);
    headers.remove(key);
    names.remove(key);
  }

  @Override
  public void set(String name, String value) {
    String key = key(name);
    List<String> values = new ArrayList<>(1);
    values.add(value);
    headers.put(key, values);
    names.putIfAbsent(key, name);
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

package io.renku.launcher.attack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quicktheories.core.Gen;

/**
 * Requests generated from {@code spec.json}: every path and method of the data service's API, with
 * path parameters that are ids of real resources (the caller's own, another user's private ones,
 * the admin's), ids that exist nowhere, or malformed ones; query values of the right type or not;
 * bodies from the schemas, mostly broken ({@link JsonBodies}); odd headers now and then. Each value
 * is written as it goes on the wire, so a request line can carry what an HTTP client would refuse
 * to send (a raw backslash, a space, bytes that are not UTF-8).
 *
 * <p>Writes are aimed with care, since the platform is shared with the other attack classes: the
 * admin only writes to what {@link FuzzFixture} made for it, or sends writes that cannot succeed
 * (malformed ids, bodies that are not JSON); users may aim at anything, since their writes to what
 * is not theirs must fail anyway.
 */
final class FuzzRequests {
  /** Operations whose well-formed writes change the whole platform: the admin only breaks them. */
  private static final Set<String> PLATFORM_WRITES =
      Set.of(
          "POST /resource_pools",
          "POST /environments",
          "PATCH /platform/config",
          "PATCH /platform/authorization_config",
          "POST /platform/user_sync");

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** Path segments as sent: empty, blank, escapes Tomcat refuses, traversal, NUL, unicode, ... */
  static final List<String> MALFORMED_IDS =
      List.of(
          "",
          "%20",
          "%20%20",
          "%09",
          "+",
          "%zz",
          "%",
          "%2",
          "%2F",
          "a%2Fb",
          "%5C",
          "a\\b",
          "%00",
          "a%00b",
          "%0A",
          "a%0D%0Ab",
          "..",
          ".",
          "%2e%2e",
          "%2E",
          "a;b",
          ";",
          ";jsessionid=x",
          "%3B",
          "a b",
          "%22",
          "'",
          "%27%20OR%201=1--",
          "<script>",
          "%3Cscript%3E",
          "%C3%BC",
          "%F0%9F%98%80",
          "%C0%AE",
          "%FF",
          "%ED%A0%80",
          raw("ü"),
          raw("😀"),
          "-1",
          "0",
          "1.5",
          "1e3",
          "99999999999999999999",
          "9223372036854775808",
          "null",
          "undefined",
          "{id}",
          "*",
          "~",
          "$",
          "&",
          "=",
          "x".repeat(300),
          "a".repeat(5000),
          "%41".repeat(3000),
          "01J0000000000000000000000Z/..",
          "01j0000000000000000000000z");

  static final List<String> NONEXISTENT =
      List.of("01J0000000000000000000000Z", "987654321", "no-such-thing-x1");

  private static final List<String> ODD_METHODS =
      List.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "PATCH", "DELETE", "POST", "FOO", "get");

  private static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          "application/json; charset=ISO-8859-1",
          "application/json;;;",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "garbage",
          "*/*",
          "application/merge-patch+json",
          "application/json, text/html");

  private static final List<String> ACCEPTS =
      List.of(
          "text/html",
          "application/xml",
          "*/*",
          "application/json;q=0",
          "garbage/",
          "text/html,application/xhtml+xml,application/xml;q=0.9",
          "text/event-stream",
          "application/problem+json");

  private final List<FuzzSpec.Operation> operations;
  private final FuzzFixture fixture;
  private final JsonBodies bodies;

  FuzzRequests(FuzzSpec spec, FuzzFixture fixture) {
    this.operations = spec.operations();
    this.fixture = fixture;
    this.bodies = new JsonBodies(spec.json());
  }

  /** A UTF-8 string as raw bytes on the wire (one char per byte, as the socket writes them). */
  static String raw(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  Gen<FuzzRequest> requests() {
    return source -> generate(new Draw(source));
  }

  private FuzzRequest generate(Draw d) {
    FuzzSpec.Operation op = d.pick(operations);
    FuzzFixture.Caller caller = d.pick(fixture.callers());
    String method = d.oneIn(10) ? d.pick(ODD_METHODS) : op.method();
    boolean write = WRITES.contains(method);
    boolean platformWrite = caller.admin() && write && PLATFORM_WRITES.contains(op.key());
    if (platformWrite && op.key().equals("POST /platform/user_sync")) {
      caller = fixture.stranger(); // the admin would really run it; a user must be refused
      platformWrite = false;
    }

    StringBuilder path = new StringBuilder(FuzzFixture.API);
    boolean pathMalformed = false;
    for (String segment : op.path().substring(1).split("/")) {
      path.append('/');
      if (segment.startsWith("{") && segment.endsWith("}")) {
        String name = segment.substring(1, segment.length() - 1);
        List<String> known = fixture.known(name, caller, write);
        int kind = d.below(20);
        String value;
        if (kind < 9 && !known.isEmpty()) {
          value = d.pick(known);
        } else if (kind < 12) {
          value = d.pick(NONEXISTENT);
        } else {
          value = d.pick(MALFORMED_IDS);
          pathMalformed = true;
        }
        path.append(value);
      } else {
        path.append(segment);
      }
    }
    if (d.oneIn(40)) {
      path.append(d.pick("/", "//", "/..", "/extra", ";x=1", "%2F", "/%00"));
      pathMalformed = true;
    }

    List<String> query = new ArrayList<>();
    for (FuzzSpec.Param p : op.query()) {
      if (d.oneIn(2)) {
        for (String v : queryValues(p, d)) {
          query.add(p.name() + "=" + v);
        }
      }
    }
    if (d.oneIn(8)) {
      query.add(d.pick("zz=%zz", "a=1&a=2", "%zz=1", "=", "&&", "per_page=1000000", "x=%00", "q"));
    }
    String target = path + (query.isEmpty() ? "" : "?" + String.join("&", query));

    List<String> headers = new ArrayList<>();
    String token = caller.token();
    if (d.oneIn(25)) {
      headers.add(
          d.pick(
              "Authorization: Bearer",
              "Authorization: Basic eDp5",
              "Authorization: Bearer not-a-jwt",
              "Authorization: Bearer " + "a".repeat(5000),
              token == null ? "Authorization: Bearer x.y.z" : "Authorization: bearer " + token,
              token == null ? "Authorization: " : "Authorization: Bearer " + token + " extra"));
    } else if (token != null) {
      headers.add("Authorization: Bearer " + token);
    }

    String body = null;
    if (op.body() != null && (write || d.oneIn(10))) {
      if (platformWrite) {
        body = d.pick("", "{", "null", "[]", "1", "{\"name\":", "\"x\"", "{'a':1}");
      } else {
        FuzzFixture.Caller sender = caller;
        body =
            bodies.body(
                op.body(), d, field -> fixture.knownField(field, op.key(), sender, write, d));
        if (caller.admin() && write && op.path().startsWith("/resource_pools/")) {
          // never make the admin's own pool the default one: other classes rely on it
          body = body.replace("\"default\":true", "\"default\":false");
        }
      }
      if (d.oneIn(6)) {
        headers.add("Content-Type: " + d.pick(CONTENT_TYPES));
      } else if (!d.oneIn(20)) {
        headers.add("Content-Type: application/json");
      }
    } else if (write && d.oneIn(8)) {
      body = d.pick("{}", "x", "[]");
      headers.add("Content-Type: application/json");
    }
    if (platformWrite && body == null) {
      body = "{";
      headers.add("Content-Type: application/json");
    }
    if (d.oneIn(6)) {
      headers.add("Accept: " + d.pick(ACCEPTS));
    }
    if (d.oneIn(10)) {
      headers.add(
          d.pick(
              "If-Match: *",
              "If-Match: \"nope\"",
              "If-Match: garbage",
              "If-None-Match: *",
              "If-None-Match: W/\"1\"",
              "X-Request-ID: " + "r".repeat(500),
              "X-Request-ID: " + raw("ü\u202e"),
              "Renku-Auth-Anon-Id: " + fixture.victim().userId(),
              "X-Forwarded-For: 10.0.0.1, 1.2.3.4",
              "Origin: http://evil.example",
              "Cookie: _renku_session=garbage; _renku_anon=" + fixture.victim().userId(),
              "Content-Type: application/json",
              "Accept: application/json",
              "X-Odd: " + raw("wert ü"),
              "X-Long: " + "h".repeat(9000),
              "Host: evil.example",
              "Content-Length: -1"));
    }
    return new FuzzRequest(caller, op.key(), method, target, headers, body, pathMalformed);
  }

  private List<String> queryValues(FuzzSpec.Param p, Draw d) {
    List<String> known = fixture.knownQuery(p.name());
    if (p.name().equals("image_url")) {
      return List.of(d.pick(known)); // never a real registry: no outbound calls from a test
    }
    if (!known.isEmpty() && d.oneIn(2)) {
      return List.of(d.pick(known));
    }
    List<String> typed =
        switch (p.type()) {
          case "integer" ->
              List.of("1", "2", "100", "0", "-1", "abc", "1.5", "99999999999999999999", "");
          case "boolean" -> List.of("true", "false", "TRUE", "1", "yes", "");
          case "array" -> List.of("group", "user", "project", "bogus", "");
          default -> p.enumValues().isEmpty() ? List.of("x", "fuzz", "") : p.enumValues();
        };
    if (d.oneIn(3)) {
      return List.of(
          d.pick(
              "%zz", "%", "%00", "a%0Ab", "%C3%BC", "%FF", raw("ü"), "%2F..%2F", "x".repeat(3000)));
    }
    if (p.type().equals("array") && d.oneIn(2)) {
      return List.of(d.pick(typed), d.pick(typed));
    }
    return List.of(d.pick(typed));
  }

  /** One generated request and who sends it. */
  record FuzzRequest(
      FuzzFixture.Caller caller,
      String operation,
      String method,
      String target,
      List<String> headers,
      String body,
      boolean pathMalformed) {

    boolean write() {
      return WRITES.contains(method);
    }

    /** Everything the caller put in the request, to tell an echo from a leak. */
    String text() {
      return (target + "\n" + String.join("\n", headers) + "\n" + (body == null ? "" : body))
          .toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
      String shownBody =
          body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
      String shownTarget = target.length() > 300 ? target.substring(0, 300) + "…" : target;
      List<String> shownHeaders = new ArrayList<>();
      for (String h : headers) {
        String shown = h.replaceAll("(?i)(bearer )[A-Za-z0-9._-]{40,}", "$1<token>");
        shownHeaders.add(shown.length() > 200 ? shown.substring(0, 200) + "…" : shown);
      }
      return caller.name()
          + ": "
          + method
          + " "
          + shownTarget
          + (shownHeaders.isEmpty() ? "" : "\n    " + String.join("\n    ", shownHeaders))
          + (shownBody.isEmpty() ? "" : "\n    body: " + shownBody)
          + "\n    ("
          + operation
          + ")";
    }
  }

  /** The query names with the known values that are worth trying for them. */
  static Map<String, List<String>> queryKnown(FuzzFixture f) {
    return Map.of(
        "namespace", List.of(f.victim().namespace(), f.victimGroupSlug(), f.stranger().namespace()),
        "project_slug",
            List.of(
                f.victim().namespace() + "/" + f.victimProjectSlug(),
                f.stranger().namespace() + "/" + f.strangerProjectSlug()),
        "exact_email", List.of(f.victim().name() + "@example.org"),
        "image_url", List.of("", "not a url", "http://127.0.0.1:1/x", "file:///etc/passwd", "%zz"),
        "session_type", List.of("interactive", "batch", "bogus"),
        "minimum_role", List.of("viewer", "editor", "owner", "bogus"),
        "max_lines", List.of("10", "0", "-5", "abc"));
  }
}

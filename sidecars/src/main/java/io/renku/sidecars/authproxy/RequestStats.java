package io.renku.sidecars.authproxy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When the proxy last handled a request to the session (refused ones included, as in Go, where the
 * stats middleware runs before the credential check); served on the meta port as {@code GET
 * /request_stats} → {@code {"last_request_time":"<RFC 3339 with nanoseconds>"}} for idle culling.
 */
final class RequestStats {
  private final AtomicReference<Instant> last = new AtomicReference<>(Instant.now());

  void touch() {
    last.set(Instant.now());
  }

  Instant last() {
    return last.get();
  }

  /** Go's JSON for a time.Time: RFC 3339, fraction without trailing zeros, local offset. */
  String json() {
    OffsetDateTime t = last.get().atZone(ZoneId.systemDefault()).toOffsetDateTime();
    String base = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    String fraction = "";
    if (t.getNano() != 0) {
      fraction = "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
    }
    String offset = t.getOffset().getTotalSeconds() == 0 ? "Z" : t.getOffset().getId();
    return "{\"last_request_time\":\"" + base + fraction + offset + "\"}\n";
  }
}

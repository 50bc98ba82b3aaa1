package io.renku.session.operator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} format, used by the original for {@code spec.culling}: a signed
 * sequence of decimal numbers with units {@code ns, us (µs), ms, s, m, h}, such as {@code 2h5m},
 * {@code 1.5h} or {@code 300ms}. {@code 0} is allowed without a unit.
 */
public final class GoDuration {

  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses a Go duration; {@code null} or blank gives {@link Duration#ZERO}.
   *
   * @throws IllegalArgumentException when the text is not a Go duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      return Duration.ZERO;
    }
    String s = text.strip();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration: " + text);
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("invalid duration: " + text);
      }
      end = m.end();
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unitNanos(m.group(2))));
    }
    if (end != s.length()) {
      throw new IllegalArgumentException("invalid duration: " + text);
    }
    Duration d = Duration.ofNanos(nanos.longValueExact());
    return negative ? d.negated() : d;
  }

  /** Parses like {@link #parse}, but answers {@code fallback} for text that is not a duration. */
  public static Duration parseOr(String text, Duration fallback) {
    try {
      return parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return fallback;
    }
  }

  /** Formats like Go's {@code Duration.String()} for whole seconds, e.g. {@code 1h2m3s}. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (seconds < 0) {
      sb.append('-');
      seconds = -seconds;
    }
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    return sb.append(s).append('s').toString();
  }

  private static BigDecimal unitNanos(String unit) {
    return BigDecimal.valueOf(
        switch (unit) {
          case "ns" -> 1L;
          case "us", "µs", "μs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> throw new IllegalArgumentException("unknown unit " + unit);
        });
  }
}

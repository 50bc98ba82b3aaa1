package io.renku.data.storage;

import java.util.List;
import java.util.regex.Pattern;

/** Turns what rclone wrote to standard error into a short reason fit for a client. */
final class RcloneErrors {
  private static final Pattern TIMESTAMP =
      Pattern.compile("^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)? ");
  private static final int MAX_REASON = 500;

  private RcloneErrors() {}

  /**
   * rclone's last error line without its timestamp, with every one of {@code secrets} replaced by
   * {@code ***}, at most {@value #MAX_REASON} characters.
   */
  static String reason(String stderr, List<String> secrets) {
    String chosen = null;
    String last = null;
    for (String raw : stderr.split("\n")) {
      String line = TIMESTAMP.matcher(raw.strip()).replaceFirst("");
      if (line.isBlank()) {
        continue;
      }
      last = line;
      if (line.startsWith("Failed to") || line.startsWith("ERROR") || line.contains("error")) {
        chosen = line;
      }
    }
    String reason = chosen != null ? chosen : last != null ? last : "rclone failed";
    // longest first, so that a secret containing another is replaced whole
    // (one- and two-character values cannot be told apart from ordinary text)
    for (String secret :
        secrets.stream()
            .filter(x -> x.length() >= 3)
            .sorted((a, b) -> b.length() - a.length())
            .toList()) {
      reason = reason.replace(secret, "***");
    }
    return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
  }
}

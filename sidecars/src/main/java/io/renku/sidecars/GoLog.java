package io.renku.sidecars;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Log lines in the format of Go's standard {@code log} package ({@code 2006/01/02 15:04:05
 * message}), which the Go cloner writes and people grep for in pod logs.
 */
public final class GoLog {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
  private final PrintStream out;

  public GoLog(PrintStream out) {
    this.out = out;
  }

  public void print(String message) {
    out.println(LocalDateTime.now().format(STAMP) + " " + message);
  }
}

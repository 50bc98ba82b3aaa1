package io.renku.data.session.runtime.container;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a build step printed, kept for its error message. Thread-safe. */
final class OutputTail {
  private final int max;
  private final Deque<String> lines = new ArrayDeque<>();

  OutputTail(int max) {
    this.max = max;
  }

  synchronized void add(String line) {
    if (lines.size() == max) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  /** The lines, one per line, or an empty string. */
  synchronized String text() {
    return String.join("\n", lines);
  }

  /** {@code "; last output:\n<lines>"}, or nothing when there was none. */
  synchronized String asSuffix() {
    return lines.isEmpty() ? "" : "; last output:\n" + text();
  }
}

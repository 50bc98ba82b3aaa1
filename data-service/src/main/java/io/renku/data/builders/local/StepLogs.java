package io.renku.data.builders.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A build's logs in memory: the last {@link #MAX_LINES} lines of each step ({@code clone}, {@code
 * build}, {@code push}), in the order the steps ran. Thread-safe: the build's thread writes while
 * requests read.
 */
final class StepLogs {
  static final int MAX_LINES = 2000;

  private final Map<String, Deque<String>> steps = new LinkedHashMap<>();

  synchronized void add(String step, String line) {
    Deque<String> lines = steps.computeIfAbsent(step, s -> new ArrayDeque<>());
    if (lines.size() == MAX_LINES) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  /** The last {@code maxLines} lines of each step, one string per step. */
  synchronized Map<String, String> last(int maxLines) {
    Map<String, String> out = new LinkedHashMap<>();
    int n = Math.max(0, maxLines);
    steps.forEach(
        (step, lines) -> {
          int skip = Math.max(0, lines.size() - n);
          StringBuilder text = new StringBuilder();
          int i = 0;
          for (String line : lines) {
            if (i++ >= skip) {
              text.append(line).append('\n');
            }
          }
          out.put(step, text.toString());
        });
    return out;
  }
}

package io.renku.data.usage;

/**
 * What sessions used over a time span.
 *
 * @param runtimeHours hours of sessions running
 * @param costRaw credits, before rounding (hours times each class's cost at capture time)
 */
public record UsageSummary(double runtimeHours, double costRaw) {

  /** Credits, rounded to whole ones as the original answers them. */
  public long cost() {
    return Math.round(costRaw);
  }
}

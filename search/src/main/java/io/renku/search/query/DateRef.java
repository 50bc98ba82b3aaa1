package io.renku.search.query;

import java.time.Instant;
import java.time.ZoneId;

/** A date value of a {@code created} term. */
public sealed interface DateRef permits DateRef.Base, DateCalc {

  String render();

  /**
   * The range this value stands for, given the current time and the zone in which dates without
   * {@code Z} are read.
   */
  DateRange resolve(Instant now, ZoneId zone);

  /** A value a calculation can start from: a partial timestamp or a relative date. */
  sealed interface Base extends DateRef permits PartialDateTime, RelativeDate {}
}

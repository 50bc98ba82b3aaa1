package io.renku.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.search.query.FieldTerm.CreatedIs;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Dates resolved against a fixed clock (the original's reference time in its tests). */
class DateRefTest {

  private static final Instant NOW = Instant.parse("2024-02-27T15:34:55Z");
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static DateRange resolve(String value, Instant now, ZoneId zone) {
    Query q = QueryParser.parse("created:" + value);
    assertThat(q.segments()).as(value).singleElement().isInstanceOf(CreatedIs.class);
    CreatedIs created = (CreatedIs) q.segments().getFirst();
    return created.values().getFirst().resolve(now, zone);
  }

  private static DateRange resolve(String value) {
    return resolve(value, NOW, UTC);
  }

  private static DateRange range(String from, String to) {
    return new DateRange(Instant.parse(from), Instant.parse(to));
  }

  @Test
  void relativeDatesAreWholeDays() {
    assertThat(resolve("today")).isEqualTo(range("2024-02-27T00:00:00Z", "2024-02-27T23:59:59Z"));
    assertThat(resolve("yesterday"))
        .isEqualTo(range("2024-02-26T00:00:00Z", "2024-02-26T23:59:59Z"));
  }

  @Test
  void partialDatesSpanWhatTheyLeaveOut() {
    assertThat(resolve("2021")).isEqualTo(range("2021-01-01T00:00:00Z", "2021-12-31T23:59:59Z"));
    assertThat(resolve("2023-03")).isEqualTo(range("2023-03-01T00:00:00Z", "2023-03-31T23:59:59Z"));
    assertThat(resolve("2024-02")).isEqualTo(range("2024-02-01T00:00:00Z", "2024-02-29T23:59:59Z"));
    assertThat(resolve("2025-02")).isEqualTo(range("2025-02-01T00:00:00Z", "2025-02-28T23:59:59Z"));
    assertThat(resolve("2023-11-12T10"))
        .isEqualTo(range("2023-11-12T10:00:00Z", "2023-11-12T10:59:59Z"));
    // minute 0 is a given minute, not a missing one
    assertThat(resolve("2023-11-12T10:00"))
        .isEqualTo(range("2023-11-12T10:00:00Z", "2023-11-12T10:00:59Z"));
    assertThat(resolve("2023-11-12T10:30:00Z"))
        .isEqualTo(range("2023-11-12T10:30:00Z", "2023-11-12T10:30:00Z"));
    assertThat(resolve("2023-11-12T10:30:00Z").isInstant()).isTrue();
    assertThat(resolve("2022T08")).isEqualTo(range("2022-01-01T08:00:00Z", "2022-12-31T08:59:59Z"));
  }

  @Test
  void plusAndMinusMoveTheStartAndGiveAnInstant() {
    assertThat(resolve("today-7d"))
        .isEqualTo(range("2024-02-20T00:00:00Z", "2024-02-20T00:00:00Z"));
    assertThat(resolve("today-30d"))
        .isEqualTo(range("2024-01-28T00:00:00Z", "2024-01-28T00:00:00Z"));
    assertThat(resolve("yesterday+1d"))
        .isEqualTo(range("2024-02-27T00:00:00Z", "2024-02-27T00:00:00Z"));
    assertThat(resolve("2023-10-15+10d"))
        .isEqualTo(range("2023-10-25T00:00:00Z", "2023-10-25T00:00:00Z"));
    assertThat(resolve("2022-05-15d"))
        .isEqualTo(range("2022-04-16T00:00:00Z", "2022-04-16T00:00:00Z"));
  }

  @Test
  void slashWidensTheRangeOnBothSides() {
    // the reference's example: window 2023-04-17T00:00 .. 2023-05-15T23:59:59
    assertThat(resolve("2023-05-01/14d"))
        .isEqualTo(range("2023-04-17T00:00:00Z", "2023-05-15T23:59:59Z"));
    assertThat(resolve("2023-05/14d"))
        .isEqualTo(range("2023-04-17T00:00:00Z", "2023-06-14T23:59:59Z"));
    assertThat(resolve("today/1d"))
        .isEqualTo(range("2024-02-26T00:00:00Z", "2024-02-28T23:59:59Z"));
  }

  @Test
  void datesWithoutZAreReadInTheQueryZone() {
    ZoneId zurich = ZoneId.of("Europe/Zurich");
    // 23:30 UTC is already the next day in Zurich
    Instant lateEvening = Instant.parse("2024-02-27T23:30:00Z");
    assertThat(resolve("today", lateEvening, zurich))
        .isEqualTo(range("2024-02-27T23:00:00Z", "2024-02-28T22:59:59Z"));
    assertThat(resolve("today", lateEvening, UTC))
        .isEqualTo(range("2024-02-27T00:00:00Z", "2024-02-27T23:59:59Z"));
    assertThat(resolve("2023-03", NOW, zurich))
        .isEqualTo(range("2023-02-28T23:00:00Z", "2023-03-31T21:59:59Z"));
    assertThat(resolve("2023-03Z", NOW, zurich))
        .isEqualTo(range("2023-03-01T00:00:00Z", "2023-03-31T23:59:59Z"));
  }
}

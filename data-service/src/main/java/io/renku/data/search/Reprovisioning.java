package io.renku.data.search;

import java.time.Instant;

/** A rebuild of the search index asked for (row of {@code search.reprovisioning}). */
public record Reprovisioning(String id, Instant startDate, String requestedBy) {}

package io.renku.data.usage;

/** A pool's usage by everyone and by one user, with its limits. */
public record PoolUsage(UsageSummary total, UsageSummary user, PoolLimits limits) {}

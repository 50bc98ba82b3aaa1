package io.renku.data.usage;

/** The cost of a session on a class: credits per hour (0 when none is set). */
public record ClassCost(int poolId, int classId, long cost) {}

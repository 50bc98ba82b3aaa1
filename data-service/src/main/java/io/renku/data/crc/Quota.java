package io.renku.data.crc;

/**
 * A pool's limit on the sum of what its running sessions request.
 *
 * @param id the quota's name (kept across changes)
 * @param memory GB
 */
public record Quota(String id, double cpu, long memory, long gpu) {}

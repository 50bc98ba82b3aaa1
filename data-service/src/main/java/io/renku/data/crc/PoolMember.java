package io.renku.data.crc;

/**
 * A member of a resource pool: its relation on {@code resource_pool} in SpiceDB.
 *
 * @param type {@code user}, {@code group} or {@code project}
 * @param id the user, group or project id
 * @param role {@code viewer} or {@code prohibited} (users), {@code group_viewer}, {@code
 *     project_viewer}
 */
public record PoolMember(String type, String id, String role) {}

package io.renku.data.crc;

/**
 * A pool member as answered, with what the admin page shows of it (as the original's answers).
 *
 * @param email the user's e-mail address (users), or null
 * @param name the group's or project's name, or null
 * @param slug the group's slug (groups), or null
 * @param namespace the project's full path {@code namespace/slug} (projects), or null
 */
public record PoolMemberDetails(
    PoolMember member, String email, String name, String slug, String namespace) {}

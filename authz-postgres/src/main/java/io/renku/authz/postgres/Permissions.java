package io.renku.authz.postgres;

/** What the caller may do with a group or project. */
public record Permissions(boolean write, boolean delete, boolean changeMembership) {}

package io.renku.data.group;

/** What the caller may do with a group or project. */
public record GroupPermissions(boolean write, boolean delete, boolean changeMembership) {}

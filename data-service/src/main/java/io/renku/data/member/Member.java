package io.renku.data.member;

import io.renku.core.Role;

/** A user's direct role on a group or project, with what the member lists show of them. */
public record Member(
    String userId, String namespace, String firstName, String lastName, Role role) {}

package io.renku.data.member;

import io.renku.core.Role;

/** One entry of a member upsert: give {@code userId} the role {@code role}. */
public record MemberChange(String userId, Role role) {}

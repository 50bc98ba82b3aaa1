package io.renku.data.group;

import java.time.OffsetDateTime;

/** A group: a shared namespace with members. */
public record Group(
    String id,
    String name,
    String slug,
    String namespaceId,
    String description,
    String createdBy,
    OffsetDateTime creationDate) {}

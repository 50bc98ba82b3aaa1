package io.renku.data.project;

import java.util.List;

/** A PATCH of a project: every null field is left as it is. */
public record ProjectChanges(
    String name,
    String namespace,
    String slug,
    List<String> repositories,
    String visibility,
    String description,
    List<String> keywords,
    String documentation,
    String templateId,
    Boolean isTemplate,
    String secretsMountDirectory) {}

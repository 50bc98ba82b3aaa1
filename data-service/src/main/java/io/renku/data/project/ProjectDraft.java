package io.renku.data.project;

import java.util.List;

/** What a caller asks for when creating (or copying into) a project; nulls mean "not given". */
public record ProjectDraft(
    String name,
    String namespace,
    String slug,
    List<String> repositories,
    String visibility,
    String description,
    List<String> keywords,
    String documentation,
    String secretsMountDirectory) {}

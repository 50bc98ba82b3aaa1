package io.renku.data.project;

import java.util.List;

/**
 * Which projects a listing may return.
 *
 * @param everything the caller is an admin and sees all projects
 * @param privateIds private projects the caller can read (public ones are always included)
 * @param namespaceId only projects in this namespace, when not null
 * @param onlyIds only these projects (direct membership), when not null
 */
public record ProjectQuery(
    boolean everything, List<String> privateIds, String namespaceId, List<String> onlyIds) {}

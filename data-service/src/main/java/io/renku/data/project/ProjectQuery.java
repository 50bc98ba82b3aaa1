package io.renku.data.project;

import java.util.List;

/**
 * Which projects a listing may return.
 *
 * @param everything the caller is an admin and sees all projects
 * @param readerId the logged-in caller whose private projects are included (public ones always
 *     are); null for anonymous callers
 * @param namespaceId only projects in this namespace, when not null
 * @param onlyIds only these projects (direct membership), when not null
 */
public record ProjectQuery(
    boolean everything, String readerId, String namespaceId, List<String> onlyIds) {}

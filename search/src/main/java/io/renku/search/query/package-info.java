/**
 * The search query language (issue 21): {@link io.renku.search.query.QueryParser#parse} reads the
 * {@code q} parameter of {@code GET /api/data/search/query} into a {@link
 * io.renku.search.query.Query} and never fails (what is not a field term is free text); {@link
 * io.renku.search.query.Query#render()} writes the normalized form back, which parses to the same
 * query. Plain Java, no framework; the Solr side reads the model.
 */
package io.renku.search.query;

/**
 * Search across users, groups, projects and data connectors (issue 21; ARCHITECTURE §4.3): {@code
 * query} holds the query language (parsed in plain Java, never failing), {@code solr} the Solr side
 * (schema by code, documents, the query builder with the visibility filter) through SolrJ's {@code
 * SolrClient} only, so that an embedded Solr and a Solr over HTTP run the same code.
 */
package io.renku.search;

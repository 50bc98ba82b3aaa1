package io.renku.search.builder;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.util.ClientUtils;

/**
 * Pieces of Solr's standard query syntax built from user values. Every value is escaped and, where
 * it is matched whole, quoted: a quoted phrase cannot be read as an operator ({@code OR}, {@code
 * NOT}), a range or a wildcard, so no value can change the query's structure.
 */
final class SolrSyntax {
  private SolrSyntax() {}

  /** Matches no document (a nested pure negative query would be dropped, this is not). */
  static final String NOTHING = "(*:* -*:*)";

  /** {@code "value"}, every special character escaped (inside quotes Solr drops the escapes). */
  static String phrase(String value) {
    return '"' + ClientUtils.escapeQueryChars(value) + '"';
  }

  /** {@code field:"value"}. */
  static String is(String field, String value) {
    return field + ":" + phrase(value);
  }

  /** {@code field:"a" OR field:"b"}, in parentheses. */
  static String isAny(String field, List<String> values) {
    return anyOf(values.stream().map(v -> is(field, v)).toList());
  }

  static String anyOf(List<String> clauses) {
    return clauses.size() == 1
        ? clauses.getFirst()
        : clauses.stream().collect(Collectors.joining(" OR ", "(", ")"));
  }

  static String allOf(List<String> clauses) {
    return clauses.size() == 1
        ? clauses.getFirst()
        : clauses.stream().collect(Collectors.joining(" AND ", "(", ")"));
  }

  /** A bare term, escaped (for fuzzy and prefix forms, which cannot be quoted). */
  static String term(String value) {
    return ClientUtils.escapeQueryChars(value);
  }
}

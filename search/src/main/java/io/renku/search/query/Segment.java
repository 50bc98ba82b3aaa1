package io.renku.search.query;

/** One part of a query: free text, a field term or the sort order. */
public sealed interface Segment permits Text, FieldTerm, Sort {

  /** The normalized query text of this part; parsing it gives this part back. */
  String render();
}

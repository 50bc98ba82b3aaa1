package io.renku.search.query;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed search query: its parts in the order written, normalized by {@link QueryParser} (see
 * there). {@link #render()} gives the query text back; parsing that text gives an equal query.
 */
public record Query(List<Segment> segments) {

  /**
   * At most this many users over all member terms; more are dropped (direct ones first), as the
   * original.
   */
  public static final int MAX_MEMBERS = 4;

  public Query {
    segments = List.copyOf(segments);
  }

  public static Query empty() {
    return new Query(List.of());
  }

  public boolean isEmpty() {
    return segments.isEmpty();
  }

  /** The normalized query text. */
  public String render() {
    return segments.stream().map(Segment::render).collect(Collectors.joining(" "));
  }

  /** All free text of the query, space separated; empty if there is none. */
  public String freeText() {
    return segments.stream()
        .filter(Text.class::isInstance)
        .map(Segment::render)
        .collect(Collectors.joining(" "));
  }

  /** The field terms, in order; each applies (AND). */
  public List<FieldTerm> fieldTerms() {
    return segments.stream()
        .filter(FieldTerm.class::isInstance)
        .map(FieldTerm.class::cast)
        .toList();
  }

  /** The sort keys in order of precedence; empty means by relevance. */
  public List<SortKey> sort() {
    return segments.stream()
        .filter(Sort.class::isInstance)
        .map(Sort.class::cast)
        .findFirst()
        .map(Sort::keys)
        .orElse(List.of());
  }

  /**
   * The entity types the query asks for: empty when it has no {@code type:} term, else what every
   * {@code type:} term allows (possibly none).
   */
  public Optional<Set<EntityType>> entityTypes() {
    Set<EntityType> result = null;
    for (FieldTerm term : fieldTerms()) {
      if (term instanceof FieldTerm.TypeIs(List<EntityType> values)) {
        Set<EntityType> these = EnumSet.copyOf(values);
        if (result == null) {
          result = these;
        } else {
          result.retainAll(these);
        }
      }
    }
    return Optional.ofNullable(result);
  }
}

package io.renku.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sort order, {@code sort:score-desc,created-asc}: keys in order of precedence, each field at
 * most once (the first one counts). Several {@code sort:} terms are one order in the order written.
 */
public record Sort(List<SortKey> keys) implements Segment {

  public Sort {
    List<SortKey> unique = new ArrayList<>();
    for (SortKey key : Values.distinct(keys, "sort")) {
      if (unique.stream().noneMatch(k -> k.field() == key.field())) {
        unique.add(key);
      }
    }
    keys = List.copyOf(unique);
  }

  @Override
  public String render() {
    return "sort:" + keys.stream().map(SortKey::render).collect(Collectors.joining(","));
  }
}

package io.renku.search.query;

/** One sort key, written {@code field-direction}, e.g. {@code created-desc}. */
public record SortKey(SortField field, SortDirection direction) {

  public SortKey {
    if (field == null || direction == null) {
      throw new IllegalArgumentException("sort key needs field and direction");
    }
  }

  public String render() {
    return field.word() + "-" + direction.word();
  }
}

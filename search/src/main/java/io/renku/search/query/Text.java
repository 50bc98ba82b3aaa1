package io.renku.search.query;

/**
 * Free text: the words of the query that are not field terms, kept as typed (whitespace between
 * words made single), searched fuzzily over the entities' text fields.
 */
public record Text(String value) implements Segment {

  public Text {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("free text must not be empty");
    }
  }

  @Override
  public String render() {
    return value;
  }
}

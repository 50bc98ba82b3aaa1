package io.renku.search.query;

import io.renku.search.query.FieldTerm.DirectMemberIs;
import io.renku.search.query.FieldTerm.InheritedMemberIs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Parses the search query language. Never fails: a term that is not a valid field or sort term is
 * free text (as the original). The result is normalized so that it renders to one canonical text:
 *
 * <ul>
 *   <li>field names, enum values and dates in their canonical spelling, values quoted only when
 *       they must be;
 *   <li>all {@code sort:} terms joined into the first one, in order;
 *   <li>all {@code direct_member:} terms joined into the first one, likewise {@code
 *       inherited_member:}, and at most {@link Query#MAX_MEMBERS} users kept over both (direct ones
 *       first), as the original; joining keeps the meaning since every member must match;
 *   <li>neighbouring free text joined with one space.
 * </ul>
 */
public final class QueryParser {

  private QueryParser() {}

  public static Query parse(String input) {
    if (input == null) {
      return Query.empty();
    }
    List<Segment> raw = new ArrayList<>();
    for (String token : Tokenizer.tokens(input)) {
      raw.add(TermParser.parse(token).orElseGet(() -> new Text(token)));
    }
    return new Query(normalize(raw));
  }

  private static List<Segment> normalize(List<Segment> raw) {
    List<SortKey> sortKeys = new ArrayList<>();
    LinkedHashSet<UserRef> direct = new LinkedHashSet<>();
    LinkedHashSet<UserRef> inherited = new LinkedHashSet<>();
    for (Segment s : raw) {
      switch (s) {
        case Sort sort -> sortKeys.addAll(sort.keys());
        case DirectMemberIs d -> direct.addAll(d.users());
        case InheritedMemberIs m -> inherited.addAll(m.users());
        default -> {}
      }
    }
    List<UserRef> directKept = direct.stream().limit(Query.MAX_MEMBERS).toList();
    List<UserRef> inheritedKept =
        inherited.stream().limit(Query.MAX_MEMBERS - directKept.size()).toList();

    List<Segment> out = new ArrayList<>();
    List<String> words = new ArrayList<>(); // free text waiting to be joined, in one go
    boolean sortPlaced = false;
    boolean directPlaced = false;
    boolean inheritedPlaced = false;
    for (Segment s : raw) {
      Segment next =
          switch (s) {
            case Sort ignored -> sortPlaced ? null : new Sort(sortKeys);
            case DirectMemberIs ignored -> directPlaced ? null : new DirectMemberIs(directKept);
            case InheritedMemberIs ignored ->
                inheritedPlaced || inheritedKept.isEmpty()
                    ? null
                    : new InheritedMemberIs(inheritedKept);
            default -> s;
          };
      sortPlaced |= s instanceof Sort;
      directPlaced |= s instanceof DirectMemberIs;
      inheritedPlaced |= s instanceof InheritedMemberIs;
      if (next instanceof Text t) {
        words.add(t.value());
      } else if (next != null) {
        flush(words, out);
        out.add(next);
      }
    }
    flush(words, out);
    return out;
  }

  private static void flush(List<String> words, List<Segment> out) {
    if (!words.isEmpty()) {
      out.add(new Text(String.join(" ", words)));
      words.clear();
    }
  }
}

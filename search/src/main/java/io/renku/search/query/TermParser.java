package io.renku.search.query;

import io.renku.search.query.FieldTerm.CreatedByIs;
import io.renku.search.query.FieldTerm.CreatedIs;
import io.renku.search.query.FieldTerm.DirectMemberIs;
import io.renku.search.query.FieldTerm.DoiIs;
import io.renku.search.query.FieldTerm.IdIs;
import io.renku.search.query.FieldTerm.InheritedMemberIs;
import io.renku.search.query.FieldTerm.KeywordIs;
import io.renku.search.query.FieldTerm.NameIs;
import io.renku.search.query.FieldTerm.NamespaceIs;
import io.renku.search.query.FieldTerm.PublisherNameIs;
import io.renku.search.query.FieldTerm.RoleIs;
import io.renku.search.query.FieldTerm.SlugIs;
import io.renku.search.query.FieldTerm.TypeIs;
import io.renku.search.query.FieldTerm.VisibilityIs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads one term ({@link Tokenizer}) as a field or sort term; empty when it is not one, then it is
 * free text. The whole term must be read: {@code type:projectx} is text, not a type and a word.
 */
final class TermParser {

  private TermParser() {}

  static Optional<Segment> parse(String token) {
    int op = firstOperator(token);
    if (op <= 0) {
      return Optional.empty();
    }
    String name = token.substring(0, op).toLowerCase(Locale.ROOT);
    Comparison cmp = Comparison.of(token.charAt(op));
    Optional<List<String>> values = values(token, op + 1);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (name.equals("sort")) {
      return cmp == Comparison.EQUAL
          ? all(values.get(), TermParser::sortKey).map(Sort::new)
          : Optional.empty();
    }
    Optional<Field> field = Field.fromKey(name);
    if (field.isEmpty() || (cmp != Comparison.EQUAL && field.get() != Field.CREATED)) {
      return Optional.empty();
    }
    List<String> v = values.get();
    return switch (field.get()) {
      case TYPE -> all(v, EntityType::fromWord).map(TypeIs::new);
      case VISIBILITY -> all(v, Visibility::fromWord).map(VisibilityIs::new);
      case ROLE -> all(v, Role::fromWord).map(RoleIs::new);
      case CREATED -> all(v, DateParser::parse).map(dates -> new CreatedIs(cmp, dates));
      case DIRECT_MEMBER -> all(v, TermParser::user).map(DirectMemberIs::new);
      case INHERITED_MEMBER -> all(v, TermParser::user).map(InheritedMemberIs::new);
      case ID -> Optional.of(new IdIs(v));
      case NAME -> Optional.of(new NameIs(v));
      case SLUG -> Optional.of(new SlugIs(v));
      case KEYWORD -> Optional.of(new KeywordIs(v));
      case NAMESPACE -> Optional.of(new NamespaceIs(v));
      case CREATED_BY -> Optional.of(new CreatedByIs(v));
      case DOI -> Optional.of(new DoiIs(v));
      case PUBLISHER_NAME -> Optional.of(new PublisherNameIs(v));
    };
  }

  private static int firstOperator(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == ':' || c == '<' || c == '>') {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code value ("," ws* value)*} up to the end of the term; a value is quoted ({@code "…"}, with
   * {@code \"} and {@code \\}, not empty) or a run of characters other than whitespace, quote,
   * backslash and comma.
   */
  static Optional<List<String>> values(String s, int from) {
    List<String> out = new ArrayList<>();
    int i = from;
    int n = s.length();
    while (true) {
      if (i >= n) {
        return Optional.empty();
      }
      if (s.charAt(i) == '"') {
        int close = Values.closingQuote(s, i + 1);
        if (close < 0 || close == i + 1) {
          return Optional.empty();
        }
        out.add(unescape(s.substring(i + 1, close)));
        i = close + 1;
      } else {
        int end = i;
        while (end < n && Values.isPlain(s.charAt(end))) {
          end++;
        }
        if (end == i) {
          return Optional.empty();
        }
        out.add(s.substring(i, end));
        i = end;
      }
      if (i == n) {
        return Optional.of(out);
      }
      if (s.charAt(i) != ',') {
        return Optional.empty();
      }
      i++;
      while (i < n && Values.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }

  private static String unescape(String quoted) {
    StringBuilder b = new StringBuilder(quoted.length());
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length() && Values.isEscaped(quoted.charAt(i + 1))) {
        b.append(quoted.charAt(++i));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static <T> Optional<List<T>> all(List<String> values, Function<String, Optional<T>> f) {
    List<T> out = new ArrayList<>();
    for (String value : values) {
      Optional<? extends T> parsed = f.apply(value);
      if (parsed.isEmpty()) {
        return Optional.empty();
      }
      out.add(parsed.get());
    }
    return Optional.of(out);
  }

  private static Optional<SortKey> sortKey(String value) {
    int dash = value.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    Optional<SortField> field = SortField.fromWord(value.substring(0, dash));
    Optional<SortDirection> dir = SortDirection.fromWord(value.substring(dash + 1));
    return field.isPresent() && dir.isPresent()
        ? Optional.of(new SortKey(field.get(), dir.get()))
        : Optional.empty();
  }

  /** {@code @name} is a username (slug as the original makes it), anything else a user id. */
  private static Optional<UserRef> user(String value) {
    if (value.startsWith("@")) {
      return Slugs.fromName(value.substring(1)).map(UserRef.Username::new);
    }
    return Optional.of(new UserRef.UserId(value));
  }
}

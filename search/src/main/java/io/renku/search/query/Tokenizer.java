package io.renku.search.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into terms at whitespace, except whitespace after a comma (so {@code type:Project,
 * Group} is one term) and inside a quoted value. A quote opens a quoted value only where a value
 * starts (at the start of a term or after {@code :}, {@code <}, {@code >} or {@code ,}) and only if
 * a closing quote follows; any other quote is an ordinary character, so a stray quote in free text
 * does not swallow the rest of the query. Whitespace after a comma is made one space.
 */
final class Tokenizer {

  private Tokenizer() {}

  static List<String> tokens(String input) {
    List<String> tokens = new ArrayList<>();
    int n = input.length();
    int i = 0;
    while (i < n) {
      while (i < n && Values.isWhitespace(input.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder token = new StringBuilder();
      boolean valueStart = true;
      while (i < n) {
        char c = input.charAt(i);
        if (c == '"' && valueStart) {
          int close = Values.closingQuote(input, i + 1);
          if (close >= 0) {
            token.append(input, i, close + 1);
            i = close + 1;
          } else {
            token.append(c);
            i++;
          }
          valueStart = false;
        } else if (Values.isWhitespace(c)) {
          break;
        } else if (c == ',') {
          token.append(c);
          int next = i + 1;
          while (next < n && Values.isWhitespace(input.charAt(next))) {
            next++;
          }
          if (next > i + 1 && next < n) {
            token.append(' ');
          }
          i = next;
          valueStart = true;
        } else {
          token.append(c);
          i++;
          valueStart = c == ':' || c == '<' || c == '>';
        }
      }
      tokens.add(token.toString());
    }
    return tokens;
  }
}

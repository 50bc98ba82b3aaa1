package io.renku.data.validation;

import io.renku.core.RenkuException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Field rules shared by the services. The generated DTOs already check most of these; services
 * check again because they are also called from places that bypass the web layer.
 */
public final class Fields {
  public static final int MAX_NAME = 99;
  public static final int MAX_DESCRIPTION = 500;
  public static final int MAX_KEYWORD = 99;
  public static final int MAX_KEYWORDS = 50;
  public static final int MAX_DOCUMENTATION = 5000;
  public static final int MAX_REPOSITORY = 2000;
  public static final int MAX_REPOSITORIES = 50;

  private Fields() {}

  public static String name(String field, String value) {
    if (value == null || value.isBlank()) {
      throw RenkuException.validation(field, "must not be empty");
    }
    String v = value.strip();
    if (v.length() > MAX_NAME) {
      throw RenkuException.validation(field, "must be at most " + MAX_NAME + " characters");
    }
    return v;
  }

  /** Optional text with a length limit; blank becomes absent. */
  public static String description(String field, String value) {
    return text(field, value, MAX_DESCRIPTION);
  }

  public static String text(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    if (value.length() > max) {
      throw RenkuException.validation(field, "must be at most " + max + " characters");
    }
    return value.isBlank() ? null : value;
  }

  /** Keywords: trimmed, 1 to 99 characters each, duplicates dropped. */
  public static List<String> keywords(List<String> values) {
    if (values == null) {
      return List.of();
    }
    var out = new LinkedHashSet<String>();
    for (String k : values) {
      if (k == null || k.isBlank() || k.strip().length() > MAX_KEYWORD) {
        throw RenkuException.validation(
            "keywords", "each keyword must be 1 to " + MAX_KEYWORD + " characters");
      }
      out.add(k.strip());
    }
    if (out.size() > MAX_KEYWORDS) {
      throw RenkuException.validation("keywords", "at most " + MAX_KEYWORDS + " keywords");
    }
    return new ArrayList<>(out);
  }

  /** Repository URLs: non-empty, at most 2000 characters, duplicates dropped. */
  public static List<String> repositories(List<String> values) {
    if (values == null) {
      return List.of();
    }
    var out = new LinkedHashSet<String>();
    for (String r : values) {
      if (r == null || r.isBlank() || r.length() > MAX_REPOSITORY) {
        throw RenkuException.validation(
            "repositories", "each repository must be 1 to " + MAX_REPOSITORY + " characters");
      }
      out.add(r.strip());
    }
    if (out.size() > MAX_REPOSITORIES) {
      throw RenkuException.validation(
          "repositories", "at most " + MAX_REPOSITORIES + " repositories");
    }
    return new ArrayList<>(out);
  }
}

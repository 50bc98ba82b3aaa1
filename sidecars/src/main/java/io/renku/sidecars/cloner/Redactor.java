package io.renku.sidecars.cloner;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Replaces secrets (URL user info, the configured password) in text that is about to be logged. */
record Redactor(List<String> secrets) {
  static Redactor of(String remote) {
    List<String> secrets = new ArrayList<>();
    try {
      URI uri = new URI(remote);
      if (uri.getRawUserInfo() != null) {
        secrets.add(uri.getRawUserInfo());
        if (uri.getUserInfo() != null) {
          secrets.add(uri.getUserInfo());
          String[] parts = uri.getUserInfo().split(":", 2);
          if (parts.length == 2 && !parts[1].isEmpty()) {
            secrets.add(parts[1]);
          }
        }
      }
    } catch (java.net.URISyntaxException e) {
      // Not a URI: redact the whole part before '@' of an authority, if any.
      int at = remote.indexOf('@');
      int scheme = remote.indexOf("://");
      if (at > 0 && scheme >= 0 && at > scheme + 3) {
        secrets.add(remote.substring(scheme + 3, at));
      }
    }
    return new Redactor(List.copyOf(secrets));
  }

  Redactor with(String secret) {
    if (secret == null || secret.isEmpty()) {
      return this;
    }
    List<String> more = new ArrayList<>(secrets);
    more.add(secret);
    return new Redactor(List.copyOf(more));
  }

  String apply(String text) {
    String out = text;
    for (String s : secrets) {
      if (!s.isEmpty()) {
        out = out.replace(s, "***");
      }
    }
    return out;
  }
}

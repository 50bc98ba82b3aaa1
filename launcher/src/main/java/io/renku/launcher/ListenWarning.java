package io.renku.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, in plain words at start, what {@code --listen} with an address other machines can reach
 * exposes: local mode is made for one person on one machine, and sessions still run as processes of
 * the platform's own OS user.
 */
final class ListenWarning {
  private static final Logger log = LoggerFactory.getLogger(ListenWarning.class);

  private ListenWarning() {}

  static void logIfExposed(LauncherOptions o) {
    if (o.listensOnLoopbackOnly()) {
      log.info(
          "Listening on {}:{}: only this machine can reach Renku (--listen 0.0.0.0 opens it to"
              + " the network)",
          o.listen(),
          o.port());
      return;
    }
    log.warn(
        "Listening on {}:{} (--listen): anyone who can reach this machine's port {} can sign up,"
            + " log in and start sessions, and sessions run as programs of this machine's user {}."
            + " Passwords and login cookies travel unencrypted unless an HTTPS proxy is in front:"
            + " put one there and pass its address with --public-url https://... {}",
        o.listen(),
        o.port(),
        o.port(),
        System.getProperty("user.name"),
        o.publicUrlOption() == null
            ? "(now the public URL is " + o.publicUrl() + ", which other machines cannot use)"
            : "(public URL: " + o.publicUrl() + ")");
  }
}

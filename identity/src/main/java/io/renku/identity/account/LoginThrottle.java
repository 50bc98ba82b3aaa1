package io.renku.identity.account;

import io.renku.identity.config.IdentityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing. After a few failed sign-ins of one account, or more from one client
 * address, each further attempt must wait a delay that doubles with every failure (1 s, 2 s, 4 s
 * ...), up to {@code maxDelay}. Attempts during the delay are answered "try again in N s" at once,
 * without checking the password and without holding a thread.
 *
 * <p>Not a lockout: the delay is bounded, so someone who keeps failing on purpose can slow a real
 * user down (one try per {@code maxDelay} at worst) but never shut them out, and failures are
 * forgotten after {@code forgetAfter} without one. A successful sign-in clears its account; not its
 * address, or an attacker with an account of their own (sign-up is open) could reset the address
 * between guesses at other accounts. Kept in memory (one identity provider per platform; a restart
 * forgets, which only helps the user). Failures are logged with the account name and the address,
 * never the password.
 */
@Component
public class LoginThrottle {
  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  /** Entries per map; past it, forgotten ones are dropped, and new keys are not tracked. */
  static final int MAX_KEYS = 10_000;

  private final IdentityProperties.LoginThrottle settings;
  private final Clock clock;
  private final ConcurrentHashMap<String, Failures> byAccount = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Failures> byAddress = new ConcurrentHashMap<>();

  /** Consecutive failures of one key, the last one's time, and until when attempts wait. */
  private record Failures(int count, Instant last, Instant until) {}

  @Autowired
  public LoginThrottle(IdentityProperties properties) {
    this(properties.loginThrottle(), Clock.systemUTC());
  }

  LoginThrottle(IdentityProperties.LoginThrottle settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * How long an attempt for {@code account} (null for a sign-up) from {@code address} must still
   * wait; zero when it may go ahead.
   */
  public Duration wait(String account, String address) {
    Instant now = clock.instant();
    Instant until =
        later(until(byAccount, accountKey(account), now), until(byAddress, address, now));
    return until == null ? Duration.ZERO : Duration.between(now, until);
  }

  /** Records a failed sign-in (wrong password or unknown account). */
  public void failed(String account, String address) {
    Instant now = clock.instant();
    Failures forAccount = count(byAccount, accountKey(account), settings.freeAttempts(), now);
    Failures forAddress = count(byAddress, address, settings.addressFreeAttempts(), now);
    Instant until = later(untilOf(forAccount), untilOf(forAddress));
    log.warn(
        "Failed sign-in for account '{}' from {} ({} failures of the account, {} from the"
            + " address); next attempt in {} s",
        printable(account),
        printable(address),
        forAccount == null ? 0 : forAccount.count(),
        forAddress == null ? 0 : forAddress.count(),
        until == null || !until.isAfter(now) ? 0 : seconds(Duration.between(now, until)));
  }

  /**
   * Records a sign-up refused because the username or address is taken: trying names is how one
   * finds out who has an account, so it counts against the address.
   */
  public void failedSignUp(String username, String address) {
    Failures forAddress =
        count(byAddress, address, settings.addressFreeAttempts(), clock.instant());
    log.warn(
        "Sign-up refused (username or e-mail taken) for '{}' from {} ({} failures from the"
            + " address)",
        printable(username),
        printable(address),
        forAddress == null ? 0 : forAddress.count());
  }

  /** A successful sign-in: the account starts afresh. */
  public void succeeded(String account) {
    String key = accountKey(account);
    if (key != null) {
      byAccount.remove(key);
    }
  }

  /** Whole seconds to tell a user, rounded up (never 0 for a delay still running). */
  public static long seconds(Duration d) {
    long s = d.toSeconds();
    return d.minusSeconds(s).isZero() ? s : s + 1;
  }

  /** No delay for the first {@code free - 1} failures, then 1 s, 2 s, 4 s ... up to the cap. */
  Duration delay(int failures, int free) {
    int over = failures - free;
    if (over < 0) {
      return Duration.ZERO;
    }
    long ms = over >= 30 ? Long.MAX_VALUE : 1000L << over;
    return ms >= settings.maxDelay().toMillis() ? settings.maxDelay() : Duration.ofMillis(ms);
  }

  private static Instant until(ConcurrentHashMap<String, Failures> map, String key, Instant now) {
    if (key == null) {
      return null;
    }
    Failures f = map.get(key);
    return f != null && f.until().isAfter(now) ? f.until() : null;
  }

  private Failures count(
      ConcurrentHashMap<String, Failures> map, String key, int free, Instant now) {
    if (key == null) {
      return null;
    }
    if (map.size() >= MAX_KEYS && !map.containsKey(key)) {
      map.values().removeIf(f -> forgotten(f, now));
      if (map.size() >= MAX_KEYS) {
        // Not tracked rather than forgetting others: flooding the map with names must not reset
        // the counts of the accounts being guessed.
        return null;
      }
    }
    return map.compute(
        key,
        (k, old) -> {
          int count = old == null || forgotten(old, now) ? 1 : old.count() + 1;
          return new Failures(count, now, now.plus(delay(count, free)));
        });
  }

  private boolean forgotten(Failures f, Instant now) {
    return f.last().plus(settings.forgetAfter()).isBefore(now);
  }

  private static Instant untilOf(Failures f) {
    return f == null ? null : f.until();
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String accountKey(String account) {
    if (account == null || account.isBlank()) {
      return null;
    }
    String key = account.strip().toLowerCase(Locale.ROOT);
    return key.length() > 64 ? key.substring(0, 64) : key;
  }

  /** For the log: no line breaks or other control characters from what a client typed. */
  private static String printable(String s) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}

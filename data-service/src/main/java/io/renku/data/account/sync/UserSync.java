package io.renku.data.account.sync;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.account.AccountService;
import io.renku.data.platform.UserDirectorySync;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Brings the data service's users in line with the identity provider's directory: registers users
 * that never logged in (so they can be found and added as members), updates names and e-mail
 * addresses, and makes exactly the holders of the admin role platform administrators. Disabled
 * users are left alone; users missing from the directory are kept (deleting is an admin's call).
 * Runs every {@code renku.user-sync.interval} and on demand ({@code POST /platform/user_sync}); one
 * run at a time across all replicas ({@link UserSyncLock}: a replica that finds the lock taken
 * skips its scheduled run, an admin's request gets 409). It stays in the data service rather than
 * moving to the data tasks because it registers users through {@link AccountService} (namespaces,
 * relationships, the search outbox in one transaction); decision 0038.
 */
@Service
public class UserSync implements UserDirectorySync {
  private static final Logger log = LoggerFactory.getLogger(UserSync.class);

  private final UserSyncProperties properties;
  private final ObjectProvider<UserDirectory> directory;
  private final AccountService accounts;
  private final UserSyncLock lock;

  public UserSync(
      UserSyncProperties properties,
      ObjectProvider<UserDirectory> directory,
      AccountService accounts,
      UserSyncLock lock) {
    this.properties = properties;
    this.directory = directory;
    this.accounts = accounts;
    this.lock = lock;
  }

  @Override
  public Result runNow(ApiUser caller) {
    caller.requireAdmin();
    UserDirectory dir = directory.getIfAvailable();
    if (!properties.enabled() || dir == null) {
      throw RenkuException.unavailable(
          "User synchronisation is not configured on this platform (renku.user-sync).", null);
    }
    Optional<UserSyncLock.Held> held = lock.tryAcquire();
    if (held.isEmpty()) {
      throw RenkuException.conflict("A user synchronisation is already running.");
    }
    try (UserSyncLock.Held h = held.get()) {
      return run(dir);
    } catch (UserDirectory.DirectoryUnavailableException e) {
      throw RenkuException.unavailable(
          "The identity provider's directory cannot be read; try again later.", e);
    }
  }

  @Scheduled(
      fixedDelayString = "${renku.user-sync.interval:4h}",
      initialDelayString = "${renku.user-sync.initial-delay:1m}")
  void scheduled() {
    UserDirectory dir = directory.getIfAvailable();
    if (!properties.enabled() || dir == null) {
      return;
    }
    try {
      Optional<UserSyncLock.Held> held = lock.tryAcquire();
      if (held.isEmpty()) {
        log.debug("User synchronisation skipped: another replica is running it");
        return;
      }
      try (UserSyncLock.Held h = held.get()) {
        run(dir);
      }
    } catch (RuntimeException e) {
      log.warn(
          "User synchronisation failed: {}; next try in {}", e.getMessage(), properties.interval());
    }
  }

  /** One run; the caller holds the lock. */
  private Result run(UserDirectory dir) {
    long started = System.nanoTime();
    Set<String> admins = dir.adminIds(properties.pageSize());
    AtomicInteger synced = new AtomicInteger();
    AtomicInteger disabled = new AtomicInteger();
    AtomicInteger adminCount = new AtomicInteger();
    dir.forEachUser(
        properties.pageSize(),
        u -> {
          if (!u.enabled()) {
            disabled.incrementAndGet();
            return;
          }
          boolean admin = admins.contains(u.id());
          String full =
              ((u.firstName() == null ? "" : u.firstName())
                      + " "
                      + (u.lastName() == null ? "" : u.lastName()))
                  .strip();
          accounts.syncFromDirectory(
              new ApiUser(
                  u.id(),
                  true,
                  admin,
                  u.email(),
                  u.firstName(),
                  u.lastName(),
                  full,
                  u.emailVerified()));
          synced.incrementAndGet();
          if (admin) {
            adminCount.incrementAndGet();
          }
        });
    Result result = new Result(synced.get(), adminCount.get(), disabled.get());
    log.info(
        "User synchronisation: {} users, {} administrators, {} disabled skipped, in {} ms",
        result.users(),
        result.admins(),
        result.skippedDisabled(),
        (System.nanoTime() - started) / 1_000_000);
    return result;
  }
}

package io.renku.gateway.login;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * {@link RefreshLock} as a Redis key ({@code SET NX PX}): the holder's random token is the value,
 * released only by its holder (a small Lua script compares and deletes), and it expires by itself
 * after {@code lease} should a gateway die while holding it. Waiters poll every 25 ms for at most
 * the lease; then, like an unreachable Redis, they get {@link IllegalStateException}.
 */
public class RedisRefreshLock implements RefreshLock {
  private static final DefaultRedisScript<Long> RELEASE =
      new DefaultRedisScript<>(
          "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1])"
              + " else return 0 end",
          Long.class);

  private final StringRedisTemplate redis;
  private final String prefix;
  private final Duration lease;

  public RedisRefreshLock(StringRedisTemplate redis, String prefix, Duration lease) {
    this.redis = redis;
    this.prefix = prefix;
    this.lease = lease;
  }

  @Override
  public <T> T withLock(String sessionId, Supplier<T> action) {
    String key = prefix + sessionId;
    String token = UUID.randomUUID().toString();
    Instant deadline = Instant.now().plus(lease);
    try {
      while (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, token, lease))) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the refresh lock of a session stayed taken");
        }
        Thread.sleep(25);
      }
    } catch (DataAccessException e) {
      throw new IllegalStateException("the refresh lock store (Redis) is unavailable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the refresh lock", e);
    }
    try {
      return action.get();
    } finally {
      try {
        redis.execute(RELEASE, List.of(key), token);
      } catch (DataAccessException ignored) {
        // the lease expires by itself
      }
    }
  }
}

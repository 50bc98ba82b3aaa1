package io.renku.gateway.login;

import io.renku.gateway.config.GatewayProperties;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Login sessions in Redis (cluster mode: every gateway replica sees every session; Redis expires
 * idle ones by itself) and the refresh lock as a Redis key. Connection settings are Spring's {@code
 * spring.data.redis.*}.
 */
@Configuration
@ConditionalOnProperty(name = "renku.gateway.session.store", havingValue = "redis")
public class RedisSessionStoreConfig {
  public static final String NAMESPACE = "renku:gateway";

  @Bean
  SessionRepository<?> sessionRepository(
      RedisConnectionFactory connections, GatewayProperties properties, RecentLogins recentLogins) {
    RedisTemplate<String, Object> redis = new RedisTemplate<>();
    redis.setConnectionFactory(connections);
    redis.setKeySerializer(RedisSerializer.string());
    redis.setHashKeySerializer(RedisSerializer.string());
    redis.setValueSerializer(RedisSerializer.java());
    redis.setHashValueSerializer(RedisSerializer.java());
    redis.afterPropertiesSet();
    RedisSessionRepository sessions = new RedisSessionRepository(redis);
    sessions.setDefaultMaxInactiveInterval(properties.session().idleTtl());
    sessions.setRedisKeyNamespace(NAMESPACE);
    return new ThrottledSessionRepository<>(
        sessions,
        ThrottledSessionRepository.intervalFor(properties.session().idleTtl()),
        recentLogins::evict);
  }

  @Bean
  RefreshLock refreshLock(StringRedisTemplate redis) {
    return new RedisRefreshLock(redis, NAMESPACE + ":refresh-lock:", Duration.ofSeconds(30));
  }
}

package io.renku.gateway.login;

import io.renku.gateway.config.GatewayProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Login sessions live server-side (Spring Session: JDBC in local mode, in the gateway's schema);
 * the browser holds one opaque cookie, {@code _renku_session}: {@code HttpOnly}, {@code
 * SameSite=Lax}, {@code Secure} unless the platform is plain http on localhost, no {@code Max-Age}
 * (gone with the browser). The store is wrapped in {@link ThrottledSessionRepository}.
 */
@Configuration
@EnableSpringHttpSession
public class SessionConfig {
  public static final String COOKIE = GatewayProperties.SESSION_COOKIE;

  @Bean
  CookieSerializer cookieSerializer(GatewayProperties properties) {
    DefaultCookieSerializer cookie = new DefaultCookieSerializer();
    cookie.setCookieName(COOKIE);
    cookie.setCookiePath("/");
    cookie.setUseHttpOnlyCookie(true);
    cookie.setSameSite("Lax");
    cookie.setUseSecureCookie(properties.secureCookie());
    return cookie;
  }

  @Bean
  RecentLogins recentLogins(GatewayProperties properties) {
    // Never longer than the store's own accuracy for idle expiry, so a short idle timeout stays
    // true (with the defaults: 10 s, against a minute).
    Duration interval = ThrottledSessionRepository.intervalFor(properties.session().idleTtl());
    Duration ttl = properties.session().memoryTtl();
    return new RecentLogins(ttl.compareTo(interval) < 0 ? ttl : interval);
  }

  @Bean
  TokenCipher tokenCipher(GatewayProperties properties) {
    return new TokenCipher(properties.session().tokenEncryptionKey());
  }
}

package io.renku.gateway.config;

import io.renku.gateway.login.TokenCipher;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login sessions live server-side (Spring Session: JDBC in local mode, in the gateway's schema);
 * the browser holds one opaque cookie, {@code _renku_session}: {@code HttpOnly}, {@code
 * SameSite=Lax}, {@code Secure} unless the platform is plain http on localhost, no {@code Max-Age}
 * (gone with the browser). The store is wrapped in {@link ThrottledSessionRepository}.
 */
@Configuration
@EnableSpringHttpSession
public class SessionConfig {
  public static final String COOKIE = "_renku_session";

  private JdbcIndexedSessionRepository jdbc;

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
  SessionRepository<?> sessionRepository(DataSource dataSource, GatewayProperties properties) {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    jdbc = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource), tx);
    jdbc.setTableName("gateway.spring_session");
    jdbc.setDefaultMaxInactiveInterval(properties.session().idleTtl());
    new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(jdbc);
    return new ThrottledSessionRepository<>(jdbc, Duration.ofMinutes(1));
  }

  /** Expired sessions are deleted once a minute (every replica may do it; it is idempotent). */
  @Scheduled(cron = "${renku.gateway.session.cleanup-cron:0 * * * * *}")
  void deleteExpiredSessions() {
    if (jdbc != null) {
      jdbc.cleanUpExpiredSessions();
    }
  }

  @Bean
  TokenCipher tokenCipher(GatewayProperties properties) {
    return new TokenCipher(properties.session().tokenEncryptionKey());
  }
}

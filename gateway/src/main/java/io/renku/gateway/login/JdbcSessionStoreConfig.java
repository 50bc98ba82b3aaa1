package io.renku.gateway.login;

import io.renku.gateway.config.GatewayProperties;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login sessions in Postgres ({@code gateway.spring_session}, local mode's default) and the refresh
 * lock on a Postgres advisory lock.
 */
@Configuration
@ConditionalOnProperty(
    name = "renku.gateway.session.store",
    havingValue = "jdbc",
    matchIfMissing = true)
public class JdbcSessionStoreConfig {
  private JdbcIndexedSessionRepository jdbc;

  @Bean
  SessionRepository<?> sessionRepository(
      DataSource dataSource, GatewayProperties properties, RecentLogins recentLogins) {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    jdbc = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource), tx);
    jdbc.setTableName("gateway.spring_session");
    jdbc.setDefaultMaxInactiveInterval(properties.session().idleTtl());
    new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(jdbc);
    return new ThrottledSessionRepository<>(
        jdbc,
        ThrottledSessionRepository.intervalFor(properties.session().idleTtl()),
        recentLogins::evict);
  }

  @Bean
  RefreshLock refreshLock(DataSource dataSource) {
    return new PostgresRefreshLock(dataSource);
  }

  /** Expired sessions are deleted once a minute (every replica may do it; it is idempotent). */
  @Scheduled(cron = "${renku.gateway.session.cleanup-cron:0 * * * * *}")
  void deleteExpiredSessions() {
    if (jdbc != null) {
      jdbc.cleanUpExpiredSessions();
    }
  }
}

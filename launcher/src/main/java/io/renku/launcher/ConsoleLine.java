package io.renku.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * One short line per log event for a person's console in local mode: the time, the level only when
 * it is WARN or ERROR, the part of the platform that speaks, and the message (the cause of an error
 * in a few words; its stack trace is in the JSON log file). Which events reach the console is
 * {@link #shows}: Renku's own from INFO, everyone else's (Solr, Tomcat, Hikari, Flyway, Spring)
 * only from WARN.
 */
final class ConsoleLine extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** Third-party libraries by package prefix: the name a person recognises. */
  private static final List<Map.Entry<String, String>> LIBRARIES =
      List.of(
          Map.entry("org.apache.solr.", "solr"),
          Map.entry("org.apache.lucene.", "solr"),
          Map.entry("org.apache.catalina.", "tomcat"),
          Map.entry("org.apache.coyote.", "tomcat"),
          Map.entry("org.apache.tomcat.", "tomcat"),
          Map.entry("org.springframework.boot.tomcat.", "tomcat"),
          Map.entry("org.springframework.", "spring"),
          Map.entry("org.eclipse.jetty.", "jetty"),
          Map.entry("com.zaxxer.hikari.", "hikari"),
          Map.entry("org.flywaydb.", "flyway"),
          Map.entry("io.zonky.", "postgres"),
          Map.entry("org.postgresql.", "postgres"),
          Map.entry("io.grpc.", "grpc"),
          Map.entry("io.netty.", "netty"));

  /**
   * The class Spring names as the application's main class logs the framework's start-up lines
   * ("Starting RenkuLauncher ...", "Started RenkuLauncher in ..."), once per service: noise here.
   */
  static final String SPRING_STARTUP_LOGGER = RenkuLauncher.class.getName();

  @Override
  public String doLayout(ILoggingEvent event) {
    return format(
            event.getTimeStamp(),
            event.getLevel(),
            event.getLoggerName(),
            event.getFormattedMessage(),
            cause(event.getThrowableProxy()))
        + System.lineSeparator();
  }

  /**
   * Warnings of the embedded parts that say nothing to a person running local mode (they stay in
   * the log file): Solr's about its HTTP security and shared libraries (it has no HTTP port here,
   * it runs inside the platform), Lucene's about the JDK's incubating Vector API, and the SpiceDB
   * client's about a socket option its in-process channel does not have.
   */
  private static final List<String> HARMLESS_WARNINGS =
      List.of(
          "Not all security plugins configured!",
          "Unable to add $SOLR_HOME/lib",
          "You are running with Java 2",
          "Unknown channel option 'SO_KEEPALIVE'");

  /** Whether an event is worth a line on the console. */
  static boolean shows(Level level, String logger, String message) {
    if (message != null && HARMLESS_WARNINGS.stream().anyMatch(message::startsWith)) {
      return false;
    }
    return shows(level, logger);
  }

  static boolean shows(Level level, String logger) {
    if (level.isGreaterOrEqual(Level.WARN)) {
      return true;
    }
    return level.isGreaterOrEqual(Level.INFO)
        && logger.startsWith("io.renku.")
        && !logger.equals(SPRING_STARTUP_LOGGER);
  }

  static String format(long millis, Level level, String logger, String message, String cause) {
    StringBuilder line = new StringBuilder(TIME.format(Instant.ofEpochMilli(millis))).append(' ');
    if (level.isGreaterOrEqual(Level.WARN)) {
      line.append(level).append(' ');
    }
    line.append(component(logger)).append(": ").append(message);
    if (cause != null) {
      line.append(" (").append(cause).append(')');
    }
    return line.toString();
  }

  /**
   * The part of the platform behind a logger: {@code io.renku.gateway.web.X} is "gateway", a
   * library is its usual name, anything else its class's simple name.
   */
  static String component(String logger) {
    if (logger == null || logger.isEmpty()) {
      return "renku";
    }
    if (logger.startsWith("io.renku.")) {
      String rest = logger.substring("io.renku.".length());
      int dot = rest.indexOf('.');
      return dot < 0 ? rest : rest.substring(0, dot);
    }
    for (Map.Entry<String, String> library : LIBRARIES) {
      if (logger.startsWith(library.getKey())) {
        return library.getValue();
      }
    }
    return logger.substring(logger.lastIndexOf('.') + 1);
  }

  private static String cause(IThrowableProxy throwable) {
    if (throwable == null) {
      return null;
    }
    IThrowableProxy root = throwable;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String name = root.getClassName().substring(root.getClassName().lastIndexOf('.') + 1);
    return root.getMessage() == null ? name : name + ": " + root.getMessage();
  }
}

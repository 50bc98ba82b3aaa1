package io.renku.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.util.FileSize;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Logging of {@code ./renku up} on a person's console: readable lines there ({@link ConsoleLine}),
 * the full JSON lines (ECS, as the services write in a cluster) in {@code <data dir>/logs/
 * renku.log}, rolled at 10 MB and kept to 100 MB. Spring Boot is told to leave logging alone (one
 * JVM, five applications: each would otherwise set it up from its own file). What the platform
 * prints on standard output during the start (the administrator's first password) is held back and
 * printed framed once the start's lines are done, so that it cannot be missed among them.
 *
 * <p>The services' own {@code main}s (a cluster) and {@code --log-format json} keep Spring Boot's
 * JSON lines on standard output.
 */
final class LocalLogging {
  static final String FILE_NAME = "renku.log";
  private static final String RULE = "=".repeat(72);

  private final PrintStream console;
  private final ByteArrayOutputStream held = new ByteArrayOutputStream();

  private LocalLogging(PrintStream console) {
    this.console = console;
  }

  /** Sets logging up for the console and the data directory's log file. */
  static LocalLogging install(Path dataDir) {
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    LocalLogging logging = new LocalLogging(System.out);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    // What Spring's JSON encoder reads its settings from (here: the service name in every line).
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "renku-local-logging", Map.of("logging.structured.ecs.service.name", "renku")));
    context.putObject(Environment.class.getName(), environment);

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    // an embedded Solr logs every request it answers at INFO (as the data service's own setting)
    context.getLogger("org.apache.solr").setLevel(Level.WARN);
    root.addAppender(logging.consoleAppender(context));
    root.addAppender(fileAppender(context, dataDir.resolve("logs")));
    // Tomcat and Lucene log through java.util.logging: into the same lines (Spring Boot's logging
    // system would do this, but it is off here), levels below INFO not even formatted.
    LevelChangePropagator levels = new LevelChangePropagator();
    levels.setContext(context);
    levels.setResetJUL(true);
    levels.start();
    context.addListener(levels);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    // Held until the start is over: the administrator banner (AdminBootstrap prints it there).
    System.setOut(new PrintStream(logging.held, true, StandardCharsets.UTF_8));
    return logging;
  }

  /**
   * The start is over (or failed): standard output is the console again, and what was printed on it
   * meanwhile comes now, framed.
   */
  void startFinished() {
    if (System.out == console) {
      return;
    }
    System.setOut(console);
    String text = held.toString(StandardCharsets.UTF_8).strip();
    if (!text.isEmpty()) {
      console.println(frame(text));
      console.flush();
    }
  }

  static String frame(String text) {
    String nl = System.lineSeparator();
    StringBuilder framed = new StringBuilder(nl).append(RULE).append(nl);
    for (String line : text.strip().split("\\R")) {
      framed.append("  ").append(line.strip()).append(nl);
    }
    return framed.append(RULE).append(nl).toString();
  }

  private OutputStreamAppender<ILoggingEvent> consoleAppender(LoggerContext context) {
    ConsoleLine layout = new ConsoleLine();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("CONSOLE");
    appender.setEncoder(encoder);
    // the real console, not System.out: that is held back during the start
    appender.setOutputStream(console);
    appender.addFilter(
        new Filter<>() {
          @Override
          public FilterReply decide(ILoggingEvent event) {
            return ConsoleLine.shows(event.getLevel(), event.getLoggerName(), event.getMessage())
                ? FilterReply.NEUTRAL
                : FilterReply.DENY;
          }
        });
    appender.getCopyOfAttachedFiltersList().forEach(f -> f.start());
    appender.start();
    return appender;
  }

  private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path dir) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(dir.resolve(FILE_NAME).toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(dir.resolve("renku.%d{yyyy-MM-dd}.%i.log.gz").toString());
    rolling.setMaxFileSize(FileSize.valueOf("10MB"));
    rolling.setTotalSizeCap(FileSize.valueOf("100MB"));
    rolling.setMaxHistory(7);
    rolling.start();
    appender.setRollingPolicy(rolling);
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(context);
    encoder.setFormat("ecs");
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}

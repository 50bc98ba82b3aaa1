package io.renku.secrets.service;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The secrets service started as the launcher starts it (its own Spring context on a loopback
 * port), with every log line it writes kept (formatted with its arguments, and any exception's
 * text) and every answer it gave, so that tests can look for a planted value in both.
 */
final class RunningSecretsService implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final ConfigurableApplicationContext context;
  final int port;
  final List<String> answers = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
  private final AppenderBase<ILoggingEvent> appender;

  RunningSecretsService(
      Map<String, Object> settings, Optional<KubernetesClient> kubernetes, Path filesRoot) {
    SecretsFixture db = SecretsFixture.get();
    appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent e) {
            StringBuilder line = new StringBuilder(e.getFormattedMessage());
            for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
              line.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            }
            logs.add(line.toString());
          }
        };
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("server.port", 0);
    props.put("server.address", "127.0.0.1");
    props.put("spring.datasource.url", db.jdbcUrl());
    props.put("spring.datasource.username", "postgres");
    props.put("spring.datasource.password", "postgres");
    props.put("renku.secrets.internal-token", SecretsFixture.TOKEN);
    props.put("renku.secrets.data-service-url", db.dataServiceUrl());
    props.put("renku.secrets.session-files-dir", filesRoot.toString());
    props.put("renku.secrets.rotation.initial-delay", "1h");
    props.put("logging.level.io.renku", "DEBUG");
    props.putAll(settings);
    SpringApplication app = SecretsServiceApplication.application();
    // after Boot has set logging up (which drops appenders added before), before any request
    app.addListeners(
        (ApplicationListener<ApplicationPreparedEvent>)
            e -> {
              Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT");
              appender.setContext(root.getLoggerContext());
              appender.start();
              root.addAppender(appender);
            });
    kubernetes.ifPresent(
        k -> app.addInitializers(c -> c.getBeanFactory().registerSingleton("kubernetesClient", k)));
    context =
        app.run(
            props.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
    port = ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  String logText() {
    return String.join("\n", logs);
  }

  HttpResponse<String> send(String method, String path, String body, String token, String user) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Renku-Internal-Token", token);
    }
    if (user != null) {
      b.header("Renku-User-Id", user);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      synchronized (answers) {
        answers.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String allAnswers() {
    synchronized (answers) {
      return String.join("\n", answers);
    }
  }

  @Override
  public void close() {
    context.close();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ROOT").detachAppender(appender);
  }
}

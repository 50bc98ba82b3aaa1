package io.renku.gateway.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.renku.gateway.config.GatewayProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The route cache in front of the data service's {@code /internal/sessions/{name}/route}, against a
 * real HTTP server standing in for it: it answers the route to the caller with the owner's token
 * only (404 for anyone else, as the data service does), slowly, and counts the lookups.
 */
class SessionRoutesTest {
  private static final String OWNER = "Bearer owner-token";
  private static final String OTHER = "Bearer someone-else";

  private HttpServer dataService;
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile int status = 200;

  @BeforeEach
  void start() throws Exception {
    dataService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    dataService.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    dataService.createContext(
        "/internal/sessions/",
        exchange -> {
          lookups.incrementAndGet();
          try {
            Thread.sleep(300); // long enough for every caller below to miss the cache together
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          boolean owner =
              OWNER.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                  && "internal"
                      .equals(exchange.getRequestHeaders().getFirst("Renku-Internal-Token"));
          int code = status != 200 ? status : owner ? 200 : 404;
          byte[] body =
              (code == 200 ? "{\"host\":\"127.0.0.1\",\"port\":4242,\"token\":\"t\"}" : "{}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(code, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    dataService.start();
  }

  @AfterEach
  void stop() {
    dataService.stop(0);
  }

  private SessionRoutes routes() {
    return new SessionRoutes(
        new GatewayProperties(
            URI.create("http://localhost:8080"),
            URI.create("http://127.0.0.1:" + dataService.getAddress().getPort()),
            null,
            null,
            null,
            null,
            new GatewayProperties.Sessions("internal", Duration.ofSeconds(15)),
            null,
            null,
            null));
  }

  /** Every caller's answer, all asking at the same moment. */
  private static List<Optional<SessionRoutes.Route>> together(
      SessionRoutes routes, List<String> authorizations) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<SessionRoutes.Route>>> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String authorization : authorizations) {
        answers.add(
            callers.submit(
                () -> {
                  go.await();
                  return routes.find("renku-abcdef", new SessionRoutes.Caller(authorization, null));
                }));
      }
      go.countDown();
      List<Optional<SessionRoutes.Route>> result = new ArrayList<>();
      for (Future<Optional<SessionRoutes.Route>> a : answers) {
        result.add(a.get());
      }
      return result;
    }
  }

  @Test
  void requestsThatMissTheCacheTogetherShareOneLookup() throws Exception {
    // Each of them asked the data service before: 64 lookups at once every time the answer expired
    List<Optional<SessionRoutes.Route>> answers =
        together(routes(), java.util.Collections.nCopies(64, OWNER));

    assertThat(lookups.get()).isEqualTo(1);
    assertThat(answers)
        .hasSize(64)
        .allSatisfy(r -> assertThat(r).contains(new SessionRoutes.Route("127.0.0.1", 4242, "t")));
  }

  @Test
  void onlyTheSameCallerSharesAnAnswer() throws Exception {
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      callers.add(i % 2 == 0 ? OWNER : OTHER);
    }
    SessionRoutes routes = routes();
    List<Optional<SessionRoutes.Route>> answers = together(routes, callers);

    assertThat(lookups.get()).isEqualTo(2);
    for (int i = 0; i < callers.size(); i++) {
      assertThat(answers.get(i).isPresent()).as("caller %d", i).isEqualTo(i % 2 == 0);
    }
    // and from the cache afterwards, still per caller
    assertThat(routes.find("renku-abcdef", new SessionRoutes.Caller(OTHER, null))).isEmpty();
    assertThat(routes.find("renku-abcdef", new SessionRoutes.Caller(OWNER, null))).isPresent();
    assertThat(lookups.get()).isEqualTo(2);
  }

  @Test
  void aFailedLookupFailsEveryoneWaitingAndIsNotCached() throws Exception {
    status = 500;
    SessionRoutes routes = routes();
    assertThatThrownBy(() -> together(routes, java.util.Collections.nCopies(8, OWNER)))
        .hasRootCauseInstanceOf(SessionRoutes.UnavailableException.class);
    assertThat(lookups.get()).isEqualTo(1);

    status = 200;
    assertThat(routes.find("renku-abcdef", new SessionRoutes.Caller(OWNER, null))).isPresent();
    assertThat(lookups.get()).isEqualTo(2);
  }
}

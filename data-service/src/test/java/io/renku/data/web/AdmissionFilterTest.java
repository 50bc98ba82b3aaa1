package io.renku.data.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.config.RenkuProperties;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AdmissionFilterTest {

  @Test
  void aRequestBeyondTheLimitWaitsForOneToFinish() throws Exception {
    AdmissionFilter filter = filter(1, Duration.ofSeconds(10));
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    Thread first =
        Thread.ofVirtual()
            .start(
                () ->
                    run(
                        filter,
                        "/api/data/projects",
                        (req, res) -> {
                          order.add("first starts");
                          firstRunning.countDown();
                          await(releaseFirst);
                          order.add("first ends");
                        }));
    assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
    Thread second =
        Thread.ofVirtual()
            .start(() -> run(filter, "/api/data/projects", (req, res) -> order.add("second runs")));
    Thread.sleep(200);
    assertThat(order).containsExactly("first starts");
    releaseFirst.countDown();
    first.join(5_000);
    second.join(5_000);
    assertThat(order).containsExactly("first starts", "first ends", "second runs");
  }

  @Test
  void aRequestThatWaitedTooLongGets503AndNothingRuns() throws Exception {
    AdmissionFilter filter = filter(1, Duration.ofMillis(100));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        Thread.ofVirtual()
            .start(
                () ->
                    run(
                        filter,
                        "/api/data/projects",
                        (req, res) -> {
                          running.countDown();
                          await(release);
                        }));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    List<String> ran = new CopyOnWriteArrayList<>();
    MockHttpServletResponse refused =
        run(filter, "/api/data/projects", (req, res) -> ran.add("ran"));
    release.countDown();
    holder.join(5_000);
    assertThat(ran).isEmpty();
    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.getContentAsString()).contains("\"code\":1503").contains("busy");
    // the permit came back: the next request runs
    assertThat(run(filter, "/api/data/projects", (req, res) -> ran.add("ran")).getStatus())
        .isEqualTo(200);
    assertThat(ran).containsExactly("ran");
  }

  @Test
  void healthIsNeverQueuedAndZeroMeansNoLimit() throws Exception {
    AdmissionFilter one = filter(1, Duration.ofMillis(50));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        Thread.ofVirtual()
            .start(
                () ->
                    run(
                        one,
                        "/api/data/projects",
                        (req, res) -> {
                          running.countDown();
                          await(release);
                        }));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(run(one, "/health/readiness", (req, res) -> {}).getStatus()).isEqualTo(200);
    release.countDown();
    holder.join(5_000);

    AdmissionFilter unlimited = filter(0, Duration.ofMillis(50));
    CountDownLatch both = new CountDownLatch(2);
    Thread a =
        Thread.ofVirtual()
            .start(() -> run(unlimited, "/api/data/projects", (req, res) -> countAndWait(both)));
    Thread b =
        Thread.ofVirtual()
            .start(() -> run(unlimited, "/api/data/projects", (req, res) -> countAndWait(both)));
    a.join(5_000);
    b.join(5_000);
    assertThat(both.getCount()).as("both ran at the same time").isZero();
  }

  private static void countAndWait(CountDownLatch latch) {
    latch.countDown();
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static AdmissionFilter filter(int max, Duration wait) {
    RenkuProperties properties =
        new RenkuProperties(
            "0.1.0",
            null,
            null,
            "postgres",
            Duration.ofSeconds(2),
            new RenkuProperties.Admission(max, wait));
    return new AdmissionFilter(
        properties,
        new StaticListableBeanFactory()
            .getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
  }

  private static MockHttpServletResponse run(
      AdmissionFilter filter, String path, FilterChain chain) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setRequestURI(path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    try {
      filter.doFilter(request, response, chain);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return response;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

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
    Holder first = Holder.takeThePermit(filter);
    List<String> order = new CopyOnWriteArrayList<>();
    Thread second =
        Thread.ofVirtual()
            .start(() -> run(filter, "/api/data/projects", (req, res) -> order.add("second runs")));
    Thread.sleep(200);
    assertThat(order).as("the second waits while the first runs").isEmpty();
    first.finish();
    second.join(5_000);
    assertThat(order).containsExactly("second runs");
  }

  @Test
  void aRequestThatWaitedTooLongGets503AndNothingRuns() throws Exception {
    AdmissionFilter filter = filter(1, Duration.ofMillis(100));
    Holder holder = Holder.takeThePermit(filter);
    List<String> ran = new CopyOnWriteArrayList<>();
    MockHttpServletResponse refused =
        run(filter, "/api/data/projects", (req, res) -> ran.add("ran"));
    holder.finish();
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
    Holder holder = Holder.takeThePermit(one);
    assertThat(run(one, "/health/readiness", (req, res) -> {}).getStatus()).isEqualTo(200);
    holder.finish();

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

  @Test
  void theImageCheckNeverWaitsForNorHoldsASlot() throws Exception {
    AdmissionFilter one = filter(1, Duration.ofMillis(50));
    Holder holder = Holder.takeThePermit(one);
    assertThat(run(one, AdmissionFilter.UNQUEUED_IMAGE_CHECK, (req, res) -> {}).getStatus())
        .as("the image check bounds itself (SessionImages)")
        .isEqualTo(200);
    assertThat(run(one, "/api/data/sessions", (req, res) -> {}).getStatus())
        .as("other session requests still queue")
        .isEqualTo(503);
    holder.finish();
  }

  @Test
  void theSecretsServicesCallBackNeverWaitsForTheRequestThatCausedIt() throws Exception {
    AdmissionFilter one = filter(1, Duration.ofMillis(50));
    // the one slot: a session start waiting for the secrets service, which asks for the key
    Holder holder = Holder.takeThePermit(one);
    assertThat(run(one, AdmissionFilter.UNQUEUED_SECRET_KEY, (req, res) -> {}).getStatus())
        .isEqualTo(200);
    holder.finish();
  }

  /** A request that holds its place until {@link #finish()}. */
  private record Holder(Thread thread, CountDownLatch release) {
    static Holder takeThePermit(AdmissionFilter filter) throws InterruptedException {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread thread =
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
      return new Holder(thread, release);
    }

    void finish() throws InterruptedException {
      release.countDown();
      thread.join(5_000);
    }
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

package io.renku.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The gateway times every request it answers itself, and {@code /api/data/} too when it proxies
 * them over HTTP; it leaves out only those the data service handles (and times) in this JVM.
 */
class RequestTimingConfigTest {
  private final MeterRegistry meters = new SimpleMeterRegistry();

  private Filter filter(boolean dataServiceInProcess) {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return new RequestTimingConfig.GatewayTimingFilter(
        observations,
        new DefaultServerRequestObservationConvention("http.server.requests"),
        dataServiceInProcess);
  }

  private long timed() {
    return meters.find("http.server.requests").timers().stream().mapToLong(Timer::count).sum();
  }

  private void send(Filter filter, String path) throws Exception {
    var request = new MockHttpServletRequest("GET", path);
    filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
  }

  @Test
  void inLocalModeDataServiceRequestsAreLeftToTheDataServiceTimer() throws Exception {
    Filter filter = filter(true);
    send(filter, "/api/data/version");
    send(filter, "/api/data/projects");
    assertThat(timed()).isZero();
    send(filter, "/api/auth/login");
    send(filter, "/");
    send(filter, "/api/dataset"); // not the data service's prefix
    assertThat(timed()).isEqualTo(3);
  }

  @Test
  void overHttpEveryRequestIsTimed() throws Exception {
    Filter filter = filter(false);
    send(filter, "/api/data/version");
    send(filter, "/api/auth/login");
    assertThat(timed()).isEqualTo(2);
  }
}

package io.renku.gateway.proxy;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The gateway's {@code http.server.requests} timer: Spring Boot's own filter, registered as Boot
 * does (same order, same dispatcher types, same name and convention), except that in local mode it
 * leaves out the {@code /api/data/} requests handed to the data service in process.
 *
 * <p>Those run through the data service's own filters in the same thread, and its timer records
 * each of them with the route it matched ({@code /api/data/projects/{project_id}}, where the
 * gateway could only say {@code UNKNOWN}). Timing them twice cost about 5 % of the gateway's
 * throughput on {@code /api/data/version} (bench/README.md). The data service's figures are on its
 * own {@code /metrics}, at the loopback address the launcher logs at start.
 */
@Configuration(proxyBeanMethods = false)
public class RequestTimingConfig {

  @Bean
  FilterRegistrationBean<ServerHttpObservationFilter> webMvcObservationFilter(
      ObservationRegistry registry,
      ObjectProvider<ServerRequestObservationConvention> customConvention,
      ObservationProperties properties,
      ObjectProvider<InProcessUpstream> inProcess) {
    String name = properties.getHttp().getServer().getRequests().getName();
    ServerRequestObservationConvention convention =
        customConvention.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
    var registration =
        new FilterRegistrationBean<ServerHttpObservationFilter>(
            new GatewayTimingFilter(registry, convention, inProcess.getIfAvailable() != null));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    return registration;
  }

  /** Boot's observation filter, minus the requests the data service times in this JVM. */
  static final class GatewayTimingFilter extends ServerHttpObservationFilter {
    private final boolean dataServiceInProcess;

    GatewayTimingFilter(
        ObservationRegistry registry,
        ServerRequestObservationConvention convention,
        boolean dataServiceInProcess) {
      super(registry, convention);
      this.dataServiceInProcess = dataServiceInProcess;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      return dataServiceInProcess && request.getRequestURI().startsWith("/api/data/");
    }
  }
}

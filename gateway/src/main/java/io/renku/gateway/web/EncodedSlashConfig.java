package io.renku.gateway.web;

import io.renku.web.EncodedSlashFilter;
import io.renku.web.EncodedSlashes;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Encoded slashes ({@code %2F}) only where a path parameter is a whole URL: the source URL of
 * {@code /api/data/platform/redirects/{source_url}} (decision 0043). Tomcat passes them through
 * undecoded, the proxy hands the raw path on byte for byte, and this filter refuses them on every
 * other path, before anything routes the request, with Tomcat's former answer ({@link
 * ContainerErrors}: 400, the envelope under {@code /api/}, a page elsewhere).
 */
@Configuration(proxyBeanMethods = false)
public class EncodedSlashConfig {
  static final String REDIRECTS = "/api/data/platform/redirects/";

  @Bean
  EncodedSlashes gatewayEncodedSlashes() {
    return new EncodedSlashes(List.of(REDIRECTS));
  }

  @Bean
  FilterRegistrationBean<EncodedSlashFilter> encodedSlashFilter(
      EncodedSlashes slashes, ContainerErrors answers) {
    var registration = new FilterRegistrationBean<>(new EncodedSlashFilter(slashes, answers));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
    return registration;
  }
}

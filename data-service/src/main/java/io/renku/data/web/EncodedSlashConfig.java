package io.renku.data.web;

import io.renku.web.EncodedSlashes;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Encoded slashes ({@code %2F}) only in the source URL of {@code
 * /api/data/platform/redirects/{source_url}} (decision 0043): Tomcat passes them through undecoded
 * and the firewall ({@link RequestFirewall}) refuses them on every other path.
 */
@Configuration(proxyBeanMethods = false)
public class EncodedSlashConfig {
  static final String REDIRECTS = "/api/data/platform/redirects/";

  @Bean
  EncodedSlashes dataEncodedSlashes() {
    return new EncodedSlashes(List.of(REDIRECTS));
  }
}

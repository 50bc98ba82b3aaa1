package io.renku.data.web;

import io.renku.api.data.WireEnumConverterFactory;
import java.util.Arrays;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Mounts every controller that implements a generated API interface under {@code /api/data} (the
 * spec's server URL) and converts enum query parameters by their wire values. Registering callers
 * on first sight is the user domain's ({@code user/RegistrationOnFirstSight}): web plumbing knows
 * no domain.
 */
@Configuration
public class WebConfig implements WebMvcConfigurer {
  public static final String API_PREFIX = "/api/data";

  @Override
  public void configurePathMatch(PathMatchConfigurer configurer) {
    configurer.addPathPrefix(
        API_PREFIX,
        type ->
            Arrays.stream(type.getInterfaces())
                .anyMatch(i -> i.getPackageName().equals("io.renku.api.data.api")));
  }

  @Override
  public void addFormatters(FormatterRegistry registry) {
    registry.addConverterFactory(new WireEnumConverterFactory());
  }
}

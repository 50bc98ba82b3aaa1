package io.renku.data.config;

import io.renku.api.data.WireEnumConverterFactory;
import io.renku.data.user.UserService;
import io.renku.data.web.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Mounts every controller that implements a generated API interface under {@code /api/data} (the
 * spec's server URL), converts enum query parameters by their wire values, and registers logged-in
 * callers on first sight.
 */
@Configuration
public class WebConfig implements WebMvcConfigurer {
  public static final String API_PREFIX = "/api/data";

  private final CurrentUser currentUser;
  private final UserService users;

  public WebConfig(CurrentUser currentUser, UserService users) {
    this.currentUser = currentUser;
    this.users = users;
  }

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

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(
            new HandlerInterceptor() {
              @Override
              public boolean preHandle(
                  HttpServletRequest request, HttpServletResponse response, Object handler) {
                users.ensureRegistered(currentUser.get());
                return true;
              }
            })
        .addPathPatterns(API_PREFIX + "/**");
  }
}

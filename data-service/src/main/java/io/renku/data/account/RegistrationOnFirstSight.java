package io.renku.data.account;

import io.renku.data.web.CurrentUser;
import io.renku.data.web.WebConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers a logged-in caller at their first request under {@code /api/data}. */
@Configuration
public class RegistrationOnFirstSight implements WebMvcConfigurer {
  private final CurrentUser currentUser;
  private final AccountService accounts;

  public RegistrationOnFirstSight(CurrentUser currentUser, AccountService accounts) {
    this.currentUser = currentUser;
    this.accounts = accounts;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(
            new HandlerInterceptor() {
              @Override
              public boolean preHandle(
                  HttpServletRequest request, HttpServletResponse response, Object handler) {
                accounts.ensureRegistered(currentUser.get());
                return true;
              }
            })
        .addPathPatterns(WebConfig.API_PREFIX + "/**");
  }
}

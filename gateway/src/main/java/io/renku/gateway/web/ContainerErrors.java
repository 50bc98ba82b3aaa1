package io.renku.gateway.web;

import io.renku.web.ContainerErrorConfig;
import io.renku.web.ContainerErrorValve;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * What the gateway answers when Tomcat refuses a request before any filter (decision 0020): the
 * error envelope for {@code /api/*} paths and for requests whose path Tomcat could not even read
 * (browsers never send such a line and API clients read JSON), a short page otherwise; never
 * cached. Those requests never reach {@link GatewayErrorController}.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerErrors implements ContainerErrorValve.Answers {

  @Bean
  ContainerErrorConfig gatewayContainerErrorConfig() {
    return new ContainerErrorConfig(this);
  }

  @Override
  public String message(int status) {
    return switch (status) {
      case 400 -> "The request is malformed: its path, query string or headers cannot be read.";
      case 404 -> "Not found.";
      case 405 -> "This method is not allowed here.";
      case 408 -> "The request took too long to arrive.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request path or query string is too long.";
      case 431 -> "The request headers are too large.";
      default ->
          status >= 500 ? "An unexpected error occurred." : "The request could not be handled.";
    };
  }

  /** By the raw path as the client sent it, since Tomcat could not decode it. */
  @Override
  public ContainerErrorValve.Page page(String rawPath, int status, String message) {
    if (rawPath.isEmpty() || rawPath.startsWith("/api/") || rawPath.equals("/api")) {
      return null;
    }
    HttpStatus known = HttpStatus.resolve(status);
    return new ContainerErrorValve.Page(
        "text/html",
        Pages.html(known == null ? "Error " + status : known.getReasonPhrase(), message));
  }

  @Override
  public boolean noStore() {
    return true;
  }
}

package io.renku.data.web;

import io.renku.web.ContainerErrorConfig;
import io.renku.web.ContainerErrorValve;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the data service answers when Tomcat refuses a request before any filter (decision 0020):
 * always the error envelope, with the messages of {@link MalformedRequests}, and a request Tomcat
 * could not read is the 4xx it is even when Tomcat reports it as a 5xx.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerErrors implements ContainerErrorValve.Answers {

  @Bean
  ContainerErrorConfig dataContainerErrorConfig() {
    return new ContainerErrorConfig(this);
  }

  @Override
  public String message(int status) {
    return MalformedRequests.message(status);
  }

  @Override
  public int clientStatus(Throwable failure) {
    return MalformedRequests.status(failure);
  }
}

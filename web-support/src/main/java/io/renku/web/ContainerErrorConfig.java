package io.renku.web;

import java.util.Objects;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts a {@link ContainerErrorValve} in place of Tomcat's error report valve. Runs after Spring
 * Boot's own customizer (order 0), which adds a plain {@link ErrorReportValve} to the host; that
 * one is removed here, and the host is told the class of ours so that it does not add its default
 * at start either. Each service registers one, with its own {@link ContainerErrorValve.Answers}.
 */
public class ContainerErrorConfig
    implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
  private final ContainerErrorValve.Answers answers;

  public ContainerErrorConfig(ContainerErrorValve.Answers answers) {
    this.answers = Objects.requireNonNull(answers, "answers");
  }

  @Override
  public void customize(ConfigurableTomcatWebServerFactory factory) {
    factory.addContextCustomizers(context -> replaceErrorValve((Host) context.getParent()));
  }

  private void replaceErrorValve(Host host) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrorValve)) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new ContainerErrorValve(answers));
    if (host instanceof StandardHost standard) {
      standard.setErrorReportValveClass(ContainerErrorValve.class.getName());
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}

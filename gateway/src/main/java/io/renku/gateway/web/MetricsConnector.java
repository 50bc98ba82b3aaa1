package io.renku.gateway.web;

import io.renku.gateway.config.GatewayProperties;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The port {@code /metrics} is served on: a second connector of the gateway's Tomcat, bound to
 * {@code renku.gateway.metrics.address} (loopback unless the operator says otherwise), so that
 * metrics never answer on the public port ({@link MetricsPortFilter}). A connector rather than
 * Boot's separate management server: the health endpoints stay on the public port, where probes and
 * load balancers look for them, and no second web application context is started.
 */
@Component
public class MetricsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  private final GatewayProperties.Metrics settings;
  private volatile Connector connector;

  /**
   * The connector's port once bound: read on every request, and asking Tomcat means three
   * synchronised calls on the listening socket's lock, which every request thread would then share.
   */
  private volatile int port = -1;

  public MetricsConnector(GatewayProperties properties) {
    this.settings = properties.metrics();
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    if (!settings.enabled()) {
      return;
    }
    Connector c = new Connector();
    c.setPort(settings.port());
    c.setProperty("address", settings.address());
    // a scrape every few seconds: a few threads, not the public connector's pool
    c.setProperty("minSpareThreads", "1");
    c.setProperty("maxThreads", "4");
    factory.addAdditionalConnectors(c);
    connector = c;
  }

  /** Whether the request came in through the metrics connector. */
  boolean accepted(jakarta.servlet.http.HttpServletRequest request) {
    int p = port;
    if (p <= 0) {
      Connector c = connector;
      if (c == null) {
        return false;
      }
      p = c.getLocalPort();
      if (p <= 0) {
        return false; // not bound yet, so this request came in elsewhere
      }
      port = p;
    }
    return request.getLocalPort() == p;
  }

  /** {@code http://<address>:<port>/metrics} once started, or null when metrics are off. */
  public String url() {
    Connector c = connector;
    if (c == null || c.getLocalPort() <= 0) {
      return null;
    }
    String host =
        settings.address().contains(":") ? "[" + settings.address() + "]" : settings.address();
    return "http://" + host + ":" + c.getLocalPort() + "/metrics";
  }
}

package io.renku.launcher;

import io.renku.gateway.proxy.InProcessUpstream;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.ApplicationFilterChain;
import org.apache.catalina.core.ApplicationFilterFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The data service's request handling, called by the gateway in the same JVM (local mode): the
 * filters the data service's Tomcat would run for the request (request guard, metrics, Spring
 * Security with its token check, ...) and then its {@code DispatcherServlet}, exactly as Tomcat
 * would chain them, but without the loopback connection, the HTTP client and the second parse of
 * the request that a proxied hop costs (bench/README.md, decision 0010).
 *
 * <p>What Tomcat does around that chain is done here too: an error the data service signals with
 * {@code sendError}, or an exception it does not handle, is rendered by the data service's own
 * {@code /error} page; the request the data service sees has attributes, servlet context and (no)
 * HTTP session of its own; thread-bound state of the gateway (logging context, security context,
 * request attributes, locale) is put back afterwards.
 */
final class InProcessDataService implements InProcessUpstream {
  private static final Logger log = LoggerFactory.getLogger(InProcessDataService.class);

  private final Wrapper dispatcher;
  private final ServletContext servletContext;

  private InProcessDataService(Wrapper dispatcher, ServletContext servletContext) {
    this.dispatcher = dispatcher;
    this.servletContext = servletContext;
  }

  /** The data service application started by {@link LocalPlatform} (on embedded Tomcat). */
  static InProcessDataService of(ConfigurableApplicationContext dataService) {
    var server = (TomcatWebServer) ((WebServerApplicationContext) dataService).getWebServer();
    var context = (Context) server.getTomcat().getHost().findChildren()[0];
    var dispatcher =
        Objects.requireNonNull(
            (Wrapper) context.findChild("dispatcherServlet"),
            "the data service has no dispatcherServlet");
    return new InProcessDataService(dispatcher, context.getServletContext());
  }

  @Override
  public void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    ThreadState gateway = ThreadState.save();
    HandedOverResponse out = new HandedOverResponse(response);
    try {
      try {
        chain(new HandedOverRequest(request, servletContext, DispatcherType.REQUEST), out);
      } catch (IOException | ServletException | RuntimeException e) {
        if (response.isCommitted()) {
          throw e; // nothing left to render; the gateway's container ends the response
        }
        out.failed(e);
        if (out.errorStatus() >= 500) {
          log.error(
              "The data service failed on {} {}", request.getMethod(), request.getRequestURI(), e);
        }
      }
      if (out.errorStatus() != 0) {
        errorPage(request, response, out);
      }
    } finally {
      gateway.restore();
    }
  }

  /**
   * What Tomcat does after {@code sendError} or an unhandled exception: the {@code /error} page.
   */
  private void errorPage(
      HttpServletRequest request, HttpServletResponse response, HandedOverResponse failed)
      throws IOException, ServletException {
    response.resetBuffer();
    response.setStatus(failed.errorStatus());
    HandedOverRequest error = new HandedOverRequest(request, servletContext, DispatcherType.ERROR);
    error.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, failed.errorStatus());
    error.setAttribute(
        RequestDispatcher.ERROR_MESSAGE,
        failed.errorMessage() == null ? "" : failed.errorMessage());
    error.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
    error.setAttribute(RequestDispatcher.ERROR_SERVLET_NAME, dispatcher.getName());
    if (failed.exception() != null) {
      error.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failed.exception());
      error.setAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE, failed.exception().getClass());
    }
    chain(error, new HandedOverResponse(response));
  }

  /** The data service's filters for this request and dispatcher type, then its servlet. */
  private void chain(HandedOverRequest request, HandedOverResponse response)
      throws IOException, ServletException {
    Servlet servlet = dispatcher.allocate();
    try {
      ApplicationFilterChain chain =
          ApplicationFilterFactory.createFilterChain(request, dispatcher, servlet);
      chain.doFilter(request, response);
    } finally {
      dispatcher.deallocate(servlet);
    }
  }

  /** The gateway's thread-bound state, which the data service's filters reset on their way out. */
  private record ThreadState(
      Map<String, String> mdc,
      SecurityContext security,
      RequestAttributes attributes,
      LocaleContext locale) {
    static ThreadState save() {
      return new ThreadState(
          MDC.getCopyOfContextMap(),
          SecurityContextHolder.getContext(),
          RequestContextHolder.getRequestAttributes(),
          LocaleContextHolder.getLocaleContext());
    }

    void restore() {
      if (mdc == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(mdc);
      }
      SecurityContextHolder.setContext(security);
      RequestContextHolder.setRequestAttributes(attributes);
      LocaleContextHolder.setLocaleContext(locale);
    }
  }
}

package io.renku.launcher;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway request as the data service's own container would present it (see {@link
 * InProcessDataService}): attributes of its own (none of the gateway's filters' marks, which share
 * names with the data service's), the data service's servlet context, no HTTP session (the
 * gateway's login session is not the data service's business; it keeps none), no asynchronous
 * processing (the data service has no asynchronous handler). For {@link DispatcherType#ERROR} the
 * path is {@code /error}, as after Tomcat's forward to the error page.
 *
 * <p>The method and the parts of the path are read once, when the request is handed over: the data
 * service's filters ask for them dozens of times per request (Spring Security's firewall alone
 * checks each part against every rejected sequence), and each call would otherwise pass through
 * every wrapper the gateway's filters put around the request.
 */
final class HandedOverRequest extends HttpServletRequestWrapper {
  private static final String ERROR_PATH = "/error";
  // Tomcat's names (org.apache.catalina.Globals); its filter chain factory reads them.
  private static final String DISPATCHER_TYPE_ATTR = "org.apache.catalina.core.DISPATCHER_TYPE";
  private static final String DISPATCHER_REQUEST_PATH_ATTR =
      "org.apache.catalina.core.DISPATCHER_REQUEST_PATH";

  private final Map<String, Object> attributes = new HashMap<>(64); // Spring sets ~20
  private final ServletContext servletContext;
  private final DispatcherType type;
  private final String method;
  private final String contextPath;
  private final String requestUri;
  private final String servletPath;
  private final String pathInfo;
  private final String queryString;

  HandedOverRequest(
      HttpServletRequest request, ServletContext servletContext, DispatcherType type) {
    super(request);
    this.servletContext = servletContext;
    this.type = type;
    this.method = request.getMethod();
    this.contextPath = request.getContextPath();
    this.queryString = request.getQueryString();
    if (type == DispatcherType.ERROR) {
      this.requestUri = contextPath + ERROR_PATH;
      this.servletPath = ERROR_PATH;
      this.pathInfo = null;
    } else {
      this.requestUri = request.getRequestURI();
      this.servletPath = request.getServletPath();
      this.pathInfo = request.getPathInfo();
    }
    attributes.put(DISPATCHER_TYPE_ATTR, type);
    attributes.put(DISPATCHER_REQUEST_PATH_ATTR, servletPath);
  }

  private boolean error() {
    return type == DispatcherType.ERROR;
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public String getContextPath() {
    return contextPath;
  }

  @Override
  public String getQueryString() {
    return queryString;
  }

  @Override
  public DispatcherType getDispatcherType() {
    return type;
  }

  @Override
  public ServletContext getServletContext() {
    return servletContext;
  }

  @Override
  public String getRequestURI() {
    return requestUri;
  }

  @Override
  public StringBuffer getRequestURL() {
    if (!error()) {
      return super.getRequestURL();
    }
    StringBuffer url = new StringBuffer();
    url.append(getScheme()).append("://").append(getServerName());
    int port = getServerPort();
    if (!(getScheme().equals("http") && port == 80 || getScheme().equals("https") && port == 443)) {
      url.append(':').append(port);
    }
    return url.append(getRequestURI());
  }

  @Override
  public String getServletPath() {
    return servletPath;
  }

  @Override
  public String getPathInfo() {
    return pathInfo;
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return Collections.enumeration(attributes.keySet());
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public HttpSession getSession(boolean create) {
    if (create) {
      throw new IllegalStateException("The data service keeps no HTTP sessions");
    }
    return null;
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String getRequestedSessionId() {
    return null;
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }

  @Override
  public String changeSessionId() {
    throw new IllegalStateException("The data service keeps no HTTP sessions");
  }

  @Override
  public boolean isAsyncSupported() {
    return false;
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public AsyncContext startAsync() {
    throw new IllegalStateException("No asynchronous processing for in-process requests");
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    throw new IllegalStateException("No asynchronous processing for in-process requests");
  }

  @Override
  public RequestDispatcher getRequestDispatcher(String path) {
    return servletContext.getRequestDispatcher(path);
  }
}

package io.renku.data.web;

import io.renku.web.ErrorResponses;
import org.slf4j.MDC;

/** The id of the request being handled, kept in the logging context so every log line has it. */
public final class RequestIds {
  public static final String HEADER = "X-Request-ID";
  public static final String MDC_KEY = ErrorResponses.REQUEST_ID_KEY;

  private RequestIds() {}

  public static String current() {
    return MDC.get(MDC_KEY);
  }
}

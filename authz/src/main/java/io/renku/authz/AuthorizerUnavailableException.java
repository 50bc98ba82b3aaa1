package io.renku.authz;

/**
 * The authorization backend could not be reached or did not answer in time. Callers should fail the
 * request (never treat it as "denied" or "allowed") and may retry later.
 */
public class AuthorizerUnavailableException extends AuthorizerException {

  public AuthorizerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

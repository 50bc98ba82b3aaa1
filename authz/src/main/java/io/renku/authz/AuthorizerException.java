package io.renku.authz;

/** The authorization backend failed for a reason other than bad input or unavailability. */
public class AuthorizerException extends RuntimeException {

  public AuthorizerException(String message, Throwable cause) {
    super(message, cause);
  }
}

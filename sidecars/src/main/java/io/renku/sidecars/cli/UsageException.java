package io.renku.sidecars.cli;

/** Wrong command line: printed as cobra prints it ({@code Error: ...}), exit code 1. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}

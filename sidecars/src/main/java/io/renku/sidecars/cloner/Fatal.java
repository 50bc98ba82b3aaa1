package io.renku.sidecars.cloner;

/** Go's {@code log.Fatal}: the message is logged and the program exits with code 1. */
final class Fatal extends Exception {
  Fatal(String message) {
    super(message, null, false, false);
  }
}

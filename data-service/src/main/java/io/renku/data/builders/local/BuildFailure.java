package io.renku.data.builders.local;

/** A step of a build failed; the message is the build's reason, fit for the user. */
final class BuildFailure extends RuntimeException {
  BuildFailure(String message) {
    super(message, null, false, false);
  }
}

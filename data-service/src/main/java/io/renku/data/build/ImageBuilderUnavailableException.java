package io.renku.data.build;

/** The builder's backend (Podman, the Kubernetes API) cannot be reached; the caller answers 503. */
public class ImageBuilderUnavailableException extends RuntimeException {
  public ImageBuilderUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

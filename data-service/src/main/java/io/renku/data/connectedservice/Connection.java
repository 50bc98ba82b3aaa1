package io.renku.data.connectedservice;

/** A user's connection to a provider: {@code pending} until the callback brought its tokens. */
public record Connection(String id, String userId, String providerId, String status) {
  public static final String CONNECTED = "connected";
  public static final String PENDING = "pending";

  public boolean connected() {
    return CONNECTED.equals(status);
  }
}

package io.renku.data.connectedservice;

/**
 * What a session needs to ask for git credentials of one provider's host (decision 0040): a refresh
 * token for {@code POST /oauth2/connections/{connectionId}/token_endpoint}, issued for the session
 * and revoked when it stops. The provider's own tokens never leave the platform.
 *
 * @param urlPrefix {@code scheme://host[:port]} of the provider: git uses the credentials for this
 *     host only
 * @param connectionId the owner's connection to the provider
 * @param username what git sends as the user name with the access token ({@code oauth2}, or {@code
 *     x-access-token} for GitHub)
 * @param refreshToken the session's refresh token (a secret)
 */
public record SessionGitGrant(
    String urlPrefix, String connectionId, String username, String refreshToken) {
  @Override
  public String toString() {
    return "SessionGitGrant[" + urlPrefix + ", " + connectionId + ", refreshToken=hidden]";
  }
}

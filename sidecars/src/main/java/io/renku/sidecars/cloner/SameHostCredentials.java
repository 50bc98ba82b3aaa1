package io.renku.sidecars.cloner;

import java.net.URI;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Basic-authentication credentials given only to the remote's own host and port: a redirect or a
 * submodule on another host gets nothing, so a repository cannot collect the user's token by
 * pointing elsewhere.
 */
final class SameHostCredentials extends UsernamePasswordCredentialsProvider {
  private final String host;
  private final int port;

  SameHostCredentials(URI remote, String username, String password) {
    super(username, password);
    this.host = remote.getHost().toLowerCase(Locale.ROOT);
    this.port = effectivePort(remote.getScheme(), remote.getPort());
  }

  private static int effectivePort(String scheme, int port) {
    if (port > 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  private boolean sameOrigin(URIish uri) {
    return uri != null
        && uri.getHost() != null
        && uri.getHost().toLowerCase(Locale.ROOT).equals(host)
        && effectivePort(uri.getScheme(), uri.getPort()) == port;
  }

  @Override
  public boolean supports(org.eclipse.jgit.transport.CredentialItem... items) {
    return super.supports(items);
  }

  @Override
  public boolean get(URIish uri, org.eclipse.jgit.transport.CredentialItem... items) {
    if (!sameOrigin(uri)) {
      return false;
    }
    return super.get(uri, items);
  }
}

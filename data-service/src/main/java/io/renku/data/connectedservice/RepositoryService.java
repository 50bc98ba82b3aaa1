package io.renku.data.connectedservice;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * {@code GET /repository}: what the platform can tell about a git repository. The URL's host is
 * matched with the providers' URLs (as the original); the repository is then probed over git's
 * smart HTTP protocol, with the caller's connection to that provider when there is one (read and
 * write permission) and anonymously (public or private). Unlike the original we do not call the
 * providers' REST APIs: git's own protocol answers the same question for every git host (decision
 * 0040). A user's token goes only to its provider's host, over the provider's scheme.
 */
@Service
public class RepositoryService {
  private static final Logger log = LoggerFactory.getLogger(RepositoryService.class);

  private final ProviderService providers;
  private final ConnectionService connections;
  private final GitProbe probe;

  public RepositoryService(
      ProviderService providers, ConnectionService connections, GitProbe probe) {
    this.providers = providers;
    this.connections = connections;
    this.probe = probe;
  }

  /** The answer; null fields are left out. */
  public record RepositoryInfo(
      String status,
      String errorCode,
      Provider provider,
      Connection connection,
      Metadata metadata) {}

  /** What the probe learnt. */
  public record Metadata(String gitUrl, boolean pull, Boolean push, String visibility) {}

  public RepositoryInfo get(ApiUser caller, String rawUrl) {
    if (rawUrl == null) {
      throw RenkuException.validation("url", "is required");
    }
    GitUrl.Parsed parsed = GitUrl.parse(rawUrl);
    if (parsed.error() != null) {
      return new RepositoryInfo("invalid", parsed.error(), null, null, null);
    }
    GitUrl url = parsed.url();
    // Several providers may serve one host (a GitHub App beside an OAuth App): the one the caller
    // is connected to first, then one they started connecting to, then the first by id.
    List<Provider> matching =
        providers.list().stream()
            .filter(p -> GitUrl.netloc(java.net.URI.create(p.url())).equals(url.netloc()))
            .toList();
    Optional<Provider> provider = matching.stream().findFirst();
    Connection connection = null;
    for (Provider p : matching) {
      Optional<Connection> c = connections.ofProvider(caller, p.id());
      if (c.isPresent()
          && (connection == null || (c.get().connected() && !connection.connected()))) {
        connection = c.get();
        provider = Optional.of(p);
      }
    }

    String error = null;
    Metadata metadata = null;
    if (provider.isPresent()) {
      Provider p = provider.get();
      GitProbe.Result anonymous = probe.probe(url, "git-upload-pack", null, null);
      String visibility = anonymous.ok() ? "public" : "private";
      if (connection != null && connection.connected() && sameScheme(p, url)) {
        TokenSet t = tokenOrNull(connection);
        if (t != null) {
          String user = ProviderKinds.GITHUB.equals(p.kind()) ? "x-access-token" : "oauth2";
          GitProbe.Result read = probe.probe(url, "git-upload-pack", user, t.accessToken());
          if (read.ok()) {
            boolean write = probe.probe(url, "git-receive-pack", user, t.accessToken()).ok();
            metadata = new Metadata(url.render(), true, write, visibility);
          } else if (!anonymous.ok()) {
            error = read.refused() ? "metadata_unauthorized" : "metadata_unknown";
          }
        } else if (!anonymous.ok()) {
          error = "metadata_oauth";
        }
      }
      if (metadata == null && anonymous.ok()) {
        metadata = new Metadata(url.render(), true, false, "public");
        error = null;
      } else if (metadata == null && error == null) {
        error = anonymous.refused() ? "metadata_unauthorized" : "metadata_unknown";
      }
    } else {
      // Not a provider's host: only public addresses, anonymously (SSRF; decision 0040).
      if (!GitProbe.publicAddress(url.uri().getHost())) {
        error = "invalid_git_url";
      } else if (probe.probe(url, "git-upload-pack", null, null).ok()) {
        metadata = new Metadata(url.render(), true, null, "public");
      } else {
        error = "no_git_repo";
      }
    }
    String status = error != null ? "invalid" : metadata != null ? "valid" : "unknown";
    log.debug("Repository {} of {}: {} {}", url.netloc(), caller.id(), status, error);
    return new RepositoryInfo(status, error, provider.orElse(null), connection, metadata);
  }

  /**
   * The HTTP {@code Authorization} value for git to read or write a repository as {@code userId}:
   * their connection's current access token, when the repository's host is a provider's (same
   * scheme) and they are connected to it; empty otherwise. For the platform's own clones of a
   * session's repositories (decision 0040); the token goes only to its provider's host.
   */
  public Optional<String> gitAuthorization(String userId, String rawUrl) {
    GitUrl.Parsed parsed = GitUrl.parse(rawUrl);
    if (parsed.error() != null || userId == null) {
      return Optional.empty();
    }
    GitUrl url = parsed.url();
    for (Provider p : providers.list()) {
      if (!GitUrl.netloc(java.net.URI.create(p.url())).equals(url.netloc())
          || !sameScheme(p, url)) {
        continue;
      }
      Optional<Connection> c = connections.connectedOf(userId, p.id());
      if (c.isPresent()) {
        TokenSet t = connections.fresh(userId, c.get().id());
        String user = ProviderKinds.GITHUB.equals(p.kind()) ? "x-access-token" : "oauth2";
        return Optional.of(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        (user + ":" + t.accessToken())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    return Optional.empty();
  }

  /**
   * Refresh tokens for a session of {@code ownerId}: one for each provider whose host serves one of
   * {@code urls} (same scheme) and to which the owner is connected; issued for {@code sessionName}
   * and revoked by {@link #revokeSessionGitGrants}. Repositories of other hosts get nothing.
   */
  public java.util.List<SessionGitGrant> sessionGitGrants(
      String ownerId, String sessionName, java.util.List<String> urls) {
    java.util.Map<String, SessionGitGrant> byConnection = new java.util.LinkedHashMap<>();
    if (ownerId == null) {
      return java.util.List.of();
    }
    for (String raw : urls) {
      GitUrl.Parsed parsed = GitUrl.parse(raw);
      if (parsed.error() != null) {
        continue;
      }
      GitUrl url = parsed.url();
      for (Provider p : providers.list()) {
        java.net.URI base = java.net.URI.create(p.url());
        if (!GitUrl.netloc(base).equals(url.netloc()) || !sameScheme(p, url)) {
          continue;
        }
        Optional<Connection> c = connections.connectedOf(ownerId, p.id());
        if (c.isPresent() && !byConnection.containsKey(c.get().id())) {
          String user = ProviderKinds.GITHUB.equals(p.kind()) ? "x-access-token" : "oauth2";
          String prefix =
              base.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + url.netloc();
          byConnection.put(
              c.get().id(),
              new SessionGitGrant(
                  prefix,
                  c.get().id(),
                  user,
                  connections.issueSessionToken(ownerId, c.get().id(), sessionName)));
          break;
        }
      }
    }
    return java.util.List.copyOf(byConnection.values());
  }

  /** Revokes the refresh tokens handed to a session (it stopped or was deleted). */
  public void revokeSessionGitGrants(String sessionName) {
    connections.revokeSessionTokens(sessionName);
  }

  private TokenSet tokenOrNull(Connection c) {
    try {
      return connections.fresh(c.userId(), c.id());
    } catch (RenkuException e) {
      return null; // an expired connection: the answer says metadata_oauth
    }
  }

  private static boolean sameScheme(Provider p, GitUrl url) {
    return java.net.URI.create(p.url()).getScheme().equalsIgnoreCase(url.uri().getScheme());
  }
}

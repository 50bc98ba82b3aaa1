package io.renku.data.session.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * git credentials of the owner's connected services inside a session (decision 0040): a directory
 * with the credential helper {@code git-credential-renku}, the platform's address, and for each
 * provider host one refresh token (a 0400 file) of the platform's token endpoint; and the git
 * configuration, as {@code GIT_CONFIG_*} variables, that names the helper for those hosts only. The
 * helper trades the refresh token for the connection's current access token at each git request, so
 * the provider's refresh token never enters the session, and the platform revokes the session's
 * tokens when it stops.
 */
public final class SessionGitCredentials {
  /** The helper's file name in the directory. */
  public static final String HELPER = "git-credential-renku";

  /** Where container runtimes mount the directory. */
  public static final String MOUNT_PATH = "/run/renku-git";

  /**
   * Where a cluster session keeps the rotated token: its helper's directory is a read-only Secret
   * volume holding the first one, this an {@code emptyDir} of the pod.
   */
  public static final String STATE_PATH = "/run/renku-git-state";

  /** The variable that names {@link #STATE_PATH} to the helper. */
  public static final String STATE_VARIABLE = "RENKU_GIT_STATE_DIR";

  private static final Pattern CONNECTION_ID = Pattern.compile("[0-9A-Za-z]{1,64}");
  private static final Pattern URL_PREFIX = Pattern.compile("https?://[^/\\s\"\\\\]+");

  private SessionGitCredentials() {}

  /**
   * One provider host's credentials for a session.
   *
   * @param urlPrefix {@code scheme://host[:port]}: the helper is configured for it only
   * @param connectionId the owner's connection to the provider
   * @param username the user name git sends with the access token
   * @param refreshToken the session's refresh token for the token endpoint (a secret)
   */
  public record Grant(String urlPrefix, String connectionId, String username, String refreshToken) {
    public Grant {
      if (!URL_PREFIX.matcher(urlPrefix).matches()
          || !CONNECTION_ID.matcher(connectionId).matches()
          || !username.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("Not a git grant: " + urlPrefix + " " + connectionId);
      }
    }

    @Override
    public String toString() {
      return "Grant[" + urlPrefix + ", " + connectionId + ", refreshToken=hidden]";
    }
  }

  /** Issues a session's grants at its start and revokes them when it stops. */
  public interface Issuer {
    Issuer NONE =
        new Issuer() {
          @Override
          public List<Grant> issue(String ownerId, String sessionName, List<String> repositories) {
            return List.of();
          }

          @Override
          public void revoke(String sessionName) {}
        };

    /** Grants for the repositories' hosts the owner is connected to (others get none). */
    List<Grant> issue(String ownerId, String sessionName, List<String> repositories);

    /** Revokes every token issued for the session (idempotent). */
    void revoke(String sessionName);

    /**
     * The owner's HTTP {@code Authorization} value for a repository ({@code Basic ...}), for a
     * cluster session's first clone by the operator's init container; empty if none.
     */
    default java.util.Optional<String> cloneAuthorization(String ownerId, String url) {
      return java.util.Optional.empty();
    }
  }

  /** The Secret key of a grant's clone configuration ({@link #cloneConfig}). */
  public static String cloneConfigKey(Grant g) {
    return "clone-" + g.connectionId() + ".yaml";
  }

  /**
   * The operator's cloner configuration ({@code --config}: YAML with {@code username} and {@code
   * password}) from a {@code Basic} authorization value; empty for anything else.
   */
  public static java.util.Optional<String> cloneConfig(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return java.util.Optional.empty();
    }
    String pair =
        new String(
            java.util.Base64.getDecoder().decode(authorization.substring(6)),
            StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    if (colon < 0) {
      return java.util.Optional.empty();
    }
    // JSON is YAML: quoted, whatever the token holds
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      return java.util.Optional.of(
          json.writeValueAsString(
              credentials(pair.substring(0, colon), pair.substring(colon + 1))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return java.util.Optional.empty();
    }
  }

  private static Map<String, String> credentials(String username, String password) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("username", username);
    m.put("password", password);
    return m;
  }

  /** Whether {@code url} is on the grant's host (same scheme, host and port). */
  public static boolean covers(Grant g, String url) {
    return url != null
        && url.toLowerCase(java.util.Locale.ROOT)
            .startsWith(g.urlPrefix().toLowerCase(java.util.Locale.ROOT) + "/");
  }

  /**
   * Writes the helper, the endpoint and the grants' token files into {@code dir} (made, or emptied
   * of earlier tokens, with mode 0700; the token files 0400).
   *
   * @param apiBase the data API's URL as the session reaches it, e.g. {@code
   *     https://renku.example.org/api/data}
   */
  public static void write(Path dir, List<Grant> grants, String apiBase) {
    try {
      removeTree(dir);
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Path helper = dir.resolve(HELPER);
      Files.writeString(helper, helperScript());
      Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("r-x------"));
      writeFile(dir, "endpoint", apiBase.replaceAll("/+$", ""), "r--------");
      for (Grant g : grants) {
        writeFile(dir, g.connectionId() + ".user", g.username(), "r--------");
        writeFile(dir, g.connectionId() + ".token", g.refreshToken(), "r--------");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the session's git credentials", e);
    }
  }

  /**
   * git's configuration for the grants, as variables of the session's environment: {@code
   * credential.<scheme://host>.helper} for each grant's host only, with the helper at {@code
   * helperDir}; empty without grants.
   */
  public static Map<String, String> gitVariables(List<Grant> grants, String helperDir) {
    Map<String, String> vars = new LinkedHashMap<>();
    if (grants.isEmpty()) {
      return vars;
    }
    int i = 0;
    for (Grant g : grants) {
      vars.put("GIT_CONFIG_KEY_" + i, "credential." + g.urlPrefix() + ".helper");
      vars.put("GIT_CONFIG_VALUE_" + i, helperDir + "/" + HELPER + " " + g.connectionId());
      i++;
    }
    vars.put("GIT_CONFIG_COUNT", String.valueOf(i));
    return vars;
  }

  /**
   * The same files as {@link #write}, as the data of a Kubernetes Secret mounted at {@link
   * #MOUNT_PATH} (a cluster session).
   */
  public static Map<String, String> secretData(List<Grant> grants, String apiBase) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(HELPER, helperScript());
    data.put("endpoint", apiBase.replaceAll("/+$", ""));
    for (Grant g : grants) {
      data.put(g.connectionId() + ".user", g.username());
      data.put(g.connectionId() + ".token", g.refreshToken());
    }
    return data;
  }

  /**
   * {@link #gitVariables} of a cluster session, whose rotated token lives in {@link #STATE_PATH}.
   */
  public static Map<String, String> clusterVariables(List<Grant> grants) {
    Map<String, String> vars = gitVariables(grants, MOUNT_PATH);
    if (!vars.isEmpty()) {
      vars.put(STATE_VARIABLE, STATE_PATH);
    }
    return vars;
  }

  /** The helper's text (a POSIX shell script: curl or python3 in the image). */
  public static String helperScript() {
    try (InputStream in = SessionGitCredentials.class.getResourceAsStream(HELPER)) {
      if (in == null) {
        throw new IllegalStateException("The git credential helper is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the directory and its tokens (the session stopped). */
  public static void remove(Path dir) {
    try {
      removeTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the session's git credentials", e);
    }
  }

  private static void writeFile(Path dir, String name, String text, String mode)
      throws IOException {
    Path tmp = dir.resolve("." + name + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
    Files.move(
        tmp,
        dir.resolve(name),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static void removeTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

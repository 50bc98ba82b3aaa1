package io.renku.data.session.runtime.container;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Clones a project's code repositories into a session's work volume with the platform's own {@code
 * git}, before the session's container starts (decision 0021).
 *
 * <p>Only public {@code https} (and {@code http}) repositories: every other transport git knows
 * ({@code file}, {@code ext}, {@code ssh}, ...) is refused by git itself, redirects are not
 * followed, no credential helper or prompt runs, and hooks are off. Unless {@code
 * allowPrivateHosts}, a host that resolves to a loopback, link-local, private or otherwise internal
 * address is refused, so that a repository URL cannot make the platform fetch from its own network.
 *
 * <p>Failure modes: each repository that cannot be cloned is an {@link Outcome} with a message a
 * researcher understands; nothing is thrown, and a failed clone leaves no directory behind.
 */
public final class RepositoryCloner {
  /**
   * git's options for cloning what a user named, here and for image builds: HTTP(S) only, no
   * redirects (which could lead to a private address), no hooks, no credential helpers.
   */
  public static final List<String> HARDENED_GIT_OPTIONS =
      List.of(
          "-c",
          "protocol.allow=never",
          "-c",
          "protocol.https.allow=always",
          "-c",
          "protocol.http.allow=always",
          "-c",
          "http.followRedirects=false",
          "-c",
          "core.hooksPath=/dev/null",
          "-c",
          "credential.helper=");

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /**
   * The HTTP {@code Authorization} value git sends for a repository of a session's owner, when the
   * owner's connected service gives one (decision 0040); empty for public cloning.
   */
  @FunctionalInterface
  public interface Credentials {
    Credentials NONE = (ownerId, url) -> java.util.Optional.empty();

    java.util.Optional<String> authorization(String ownerId, String url);
  }

  private final Path git;
  private final boolean allowPrivateHosts;
  private final Credentials credentials;

  /**
   * @param git the {@code git} program
   * @param allowPrivateHosts whether repositories on loopback or private addresses may be cloned (a
   *     platform on one machine whose users serve repositories there)
   */
  public RepositoryCloner(Path git, boolean allowPrivateHosts) {
    this(git, allowPrivateHosts, Credentials.NONE);
  }

  /**
   * @param credentials the owner's credentials for private repositories; passed to git in its
   *     environment ({@code GIT_CONFIG_*}), so they appear neither in its arguments nor in the
   *     clone's {@code .git/config}
   */
  public RepositoryCloner(Path git, boolean allowPrivateHosts, Credentials credentials) {
    this.git = git;
    this.allowPrivateHosts = allowPrivateHosts;
    this.credentials = credentials == null ? Credentials.NONE : credentials;
  }

  /** What became of one repository. */
  public record Outcome(String url, String directory, boolean cloned, String message) {}

  /**
   * Clones each of {@code urls} into its own directory under {@code into} (named after the last
   * segment of its path, without {@code .git}); a directory that exists already is left alone.
   */
  public List<Outcome> cloneAll(List<String> urls, Path into, Consumer<String> progress) {
    return cloneAll(urls, into, progress, null);
  }

  /** The same, with {@code ownerId}'s credentials for the repositories they have them for. */
  public List<Outcome> cloneAll(
      List<String> urls, Path into, Consumer<String> progress, String ownerId) {
    List<Outcome> outcomes = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    int i = 0;
    for (String url : urls) {
      i++;
      String dir = uniqueDirectory(directoryName(url), taken);
      progress.accept("Cloning repository " + i + " of " + urls.size() + ": " + url);
      outcomes.add(cloneOne(url, into, dir, ownerId));
    }
    return outcomes;
  }

  private Outcome cloneOne(String url, Path into, String dir, String ownerId) {
    String refused = refusal(url);
    if (refused != null) {
      return new Outcome(url, dir, false, "Not cloned: " + url + " " + refused + ".");
    }
    Path target = into.resolve(dir);
    if (Files.exists(target)) {
      return new Outcome(url, dir, true, null);
    }
    List<String> argv = new java.util.ArrayList<>();
    argv.add(git.toString());
    argv.addAll(HARDENED_GIT_OPTIONS);
    argv.addAll(List.of("clone", "--quiet", "--", url, target.toString()));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("HOME", into.toString());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("LANG", "C.UTF-8");
    authorization(ownerId, url)
        .ifPresent(
            a -> {
              pb.environment().put("GIT_CONFIG_COUNT", "1");
              pb.environment().put("GIT_CONFIG_KEY_0", "http.extraHeader");
              pb.environment().put("GIT_CONFIG_VALUE_0", "Authorization: " + a);
            });
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Process p = pb.start();
      byte[] out;
      try (var in = p.getInputStream()) {
        out = in.readNBytes(16_384);
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        removeTree(target);
        return new Outcome(url, dir, false, "Not cloned: " + url + " took longer than 5 minutes.");
      }
      if (p.exitValue() != 0) {
        removeTree(target);
        return new Outcome(
            url,
            dir,
            false,
            "Not cloned: " + url + ": " + gitMessage(new String(out, StandardCharsets.UTF_8)));
      }
      return new Outcome(url, dir, true, null);
    } catch (IOException e) {
      return new Outcome(url, dir, false, "Not cloned: " + url + ": git cannot run here.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      removeTree(target);
      return new Outcome(url, dir, false, "Not cloned: " + url + ": interrupted.");
    }
  }

  private java.util.Optional<String> authorization(String ownerId, String url) {
    if (ownerId == null) {
      return java.util.Optional.empty();
    }
    try {
      return credentials.authorization(ownerId, url);
    } catch (RuntimeException e) {
      // An expired connection: clone as anyone would, the outcome says if that failed.
      return java.util.Optional.empty();
    }
  }

  /** Why {@code url} is not cloned, or null if it may be. */
  String refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return "is not an HTTPS address (only public HTTPS repositories are cloned for now)";
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return "has no host";
    }
    if (uri.getUserInfo() != null) {
      return "holds credentials; private repositories come with connected services";
    }
    if (allowPrivateHosts) {
      return null;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
        if (internal(a)) {
          return "points into the platform's own network";
        }
      }
    } catch (UnknownHostException e) {
      return "names a host that does not exist (" + uri.getHost() + ")";
    }
    return null;
  }

  private static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    // IPv6 unique local addresses (fc00::/7) and IPv4 carrier-grade NAT (100.64.0.0/10)
    return (b.length == 16 && (b[0] & 0xfe) == 0xfc)
        || (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
  }

  /** The directory a repository is cloned into: the last path segment without {@code .git}. */
  static String directoryName(String url) {
    String path;
    try {
      path = new URI(url).getPath();
    } catch (URISyntaxException e) {
      path = url;
    }
    if (path == null) {
      path = "";
    }
    String last = path.replaceAll("/+$", "");
    last = last.substring(last.lastIndexOf('/') + 1);
    if (last.endsWith(".git")) {
      last = last.substring(0, last.length() - 4);
    }
    last = last.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
    return last.isEmpty() ? "repository" : last;
  }

  private static String uniqueDirectory(String name, Set<String> taken) {
    String candidate = name;
    for (int n = 2; !taken.add(candidate); n++) {
      candidate = name + "-" + n;
    }
    return candidate;
  }

  /** git's own words, without its prefixes, on one line. */
  private static String gitMessage(String output) {
    String text =
        output
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .map(l -> l.replaceFirst("^(fatal|error|remote): ", ""))
            .reduce((a, b) -> a + " " + b)
            .orElse("git failed");
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private static void removeTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a half-cloned directory is all that may remain
    }
  }
}

package io.renku.data.builders.local;

import io.renku.data.build.RepositoryAddress;
import io.renku.data.session.runtime.container.RepositoryCloner;
import java.io.IOException;
import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code clone} step of a build: git on this machine clones the repository and checks out the
 * revision (a branch, a tag or a commit), hardened as the sessions' clones are: HTTP(S) only, no
 * hooks, prompts, credential helpers or redirects; a repository on a private address only where the
 * settings allow it, and otherwise git is pinned to the public address checked. Failures are {@link
 * BuildFailure}s with a reason fit for the user.
 */
final class GitCheckout {
  private final Path git;
  private final LocalBuildSettings settings;
  private final StepProcesses processes;
  private final StepLogs logs;
  private final String authorization;
  private String repository = "";

  GitCheckout(Path git, LocalBuildSettings settings, StepProcesses processes, StepLogs logs) {
    this(git, settings, processes, logs, null);
  }

  /**
   * @param authorization the HTTP {@code Authorization} value for the repository (the build's
   *     owner's connected service, decision 0040), or null for a public clone; given to git in its
   *     environment ({@code GIT_CONFIG_*}): never in its arguments, the clone's {@code
   *     .git/config}, the logs or the image (the build context holds the checked out files only)
   */
  GitCheckout(
      Path git,
      LocalBuildSettings settings,
      StepProcesses processes,
      StepLogs logs,
      String authorization) {
    this.git = git;
    this.settings = settings;
    this.processes = processes;
    this.logs = logs;
    this.authorization = authorization;
  }

  /** What a git command printed and how it ended. */
  private record Ran(int exitCode, String output) {}

  /** Clones {@code url} into {@code target} at {@code revision}; answers the commit's SHA. */
  String checkout(String url, String revision, Path target) {
    this.repository = url;
    logs.add(LocalBuild.CLONE, "Cloning " + url + (revision == null ? "" : " at " + revision));
    String refused = RepositoryAddress.problem(url, settings.allowPrivateRepositories());
    if (refused != null) {
      throw new BuildFailure("The repository " + url + " could not be cloned: " + refused);
    }
    List<String> clone = new ArrayList<>(pinnedAddress(url));
    clone.addAll(List.of("clone", "--quiet", "--no-checkout", "--", url, target.toString()));
    Ran cloned = runGit(clone, target.getParent());
    if (cloned.exitCode != 0) {
      throw new BuildFailure(
          "The repository " + url + " could not be cloned: " + gitMessage(cloned));
    }
    String sha = resolve(target, revision);
    if (sha == null) {
      throw new BuildFailure(
          revision == null
              ? "The repository " + url + " has no commit on its default branch."
              : "The revision " + revision + " does not exist in " + url + ".");
    }
    Ran checkedOut = runGit(List.of("-C", target.toString(), "checkout", "--detach", sha), target);
    if (checkedOut.exitCode != 0) {
      throw new BuildFailure(
          "The commit "
              + sha
              + " of "
              + url
              + " could not be checked out: "
              + gitMessage(checkedOut));
    }
    logs.add(LocalBuild.CLONE, "Checked out " + sha);
    return sha;
  }

  /**
   * Where private addresses are not allowed: git's option that makes it connect to the public
   * address just checked, so that a second lookup of the name (a host whose DNS answers a public
   * address first and a private one next) cannot lead the clone into this machine's network.
   * Nothing for a literal address (checked as it is) or when private addresses are allowed.
   */
  private List<String> pinnedAddress(String url) {
    if (settings.allowPrivateRepositories()) {
      return List.of();
    }
    URI uri = URI.create(url.strip());
    String host = uri.getHost();
    if (host.startsWith("[") || host.matches("[0-9.]+")) {
      return List.of();
    }
    String ascii = IDN.toASCII(host);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(ascii);
    } catch (UnknownHostException e) {
      throw new BuildFailure(
          "The repository " + url + " could not be cloned: its host does not resolve.");
    }
    for (InetAddress a : addresses) {
      if (!RepositoryAddress.isPublic(a)) {
        throw new BuildFailure(
            "The repository "
                + url
                + " could not be cloned: names a host on a private or local network, which builds"
                + " may not reach");
      }
    }
    int port =
        uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    String address = addresses[0].getHostAddress();
    if (addresses[0] instanceof Inet6Address) {
      address = "[" + address.replaceFirst("%.*", "") + "]";
    }
    return List.of("-c", "http.curloptResolve=" + ascii + ":" + port + ":" + address);
  }

  /** The commit a revision names: a branch, a tag or a commit; null if none. */
  private String resolve(Path repo, String revision) {
    List<String> candidates =
        revision == null
            ? List.of("HEAD")
            : revision.startsWith("-") || revision.isBlank() || revision.contains("..")
                ? List.of()
                : List.of("refs/remotes/origin/" + revision, "refs/tags/" + revision, revision);
    for (String c : candidates) {
      Ran r =
          runGit(
              List.of("-C", repo.toString(), "rev-parse", "--verify", "--quiet", c + "^{commit}"),
              repo,
              false);
      String out = r.output.strip();
      if (r.exitCode == 0 && out.matches("[0-9a-f]{40,64}")) {
        return out;
      }
    }
    return null;
  }

  private Ran runGit(List<String> args, Path home) {
    return runGit(args, home, true);
  }

  /** git without prompts, hooks, credential helpers, redirects or transports other than HTTP(S). */
  private Ran runGit(List<String> args, Path home, boolean keepLog) {
    List<String> argv = new ArrayList<>();
    argv.add(git.toString());
    argv.addAll(RepositoryCloner.HARDENED_GIT_OPTIONS);
    argv.addAll(List.of("-c", "advice.detachedHead=false"));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("LANG", "C.UTF-8");
    if (authorization != null) {
      // redirects are off (HARDENED_GIT_OPTIONS): the header goes to the repository's host only
      pb.environment().put("GIT_CONFIG_COUNT", "1");
      pb.environment().put("GIT_CONFIG_KEY_0", "http.extraHeader");
      pb.environment().put("GIT_CONFIG_VALUE_0", "Authorization: " + authorization);
    }
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new BuildFailure(
          "The repository could not be cloned: git cannot run here (" + e.getMessage() + ")");
    }
    StringBuilder output = new StringBuilder();
    StepProcesses.Ran ran =
        processes.follow(
            p,
            false,
            settings.cloneTimeout(),
            line -> {
              synchronized (output) {
                output.append(line).append('\n');
              }
              if (keepLog) {
                logs.add(LocalBuild.CLONE, line);
              }
            });
    if (ran.timedOut()) {
      throw new BuildFailure(
          "The repository "
              + repository
              + " could not be cloned within "
              + settings.cloneTimeout().toSeconds()
              + " s.");
    }
    synchronized (output) {
      return new Ran(ran.exitCode(), output.toString());
    }
  }

  private static String gitMessage(Ran ran) {
    String text =
        ran.output
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("Cloning into "))
            .map(l -> l.replaceFirst("^(fatal|error|remote): ", ""))
            .reduce((a, b) -> a + " " + b)
            .orElse("git failed");
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}

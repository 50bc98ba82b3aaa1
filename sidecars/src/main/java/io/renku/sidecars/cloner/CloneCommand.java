package io.renku.sidecars.cloner;

import io.renku.sidecars.GoLog;
import io.renku.sidecars.cli.Command;
import io.renku.sidecars.cli.Flag;
import io.renku.sidecars.cli.ParsedFlags;
import io.renku.sidecars.cli.UsageException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.TextProgressMonitor;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.util.FileUtils;

/**
 * {@code sidecars cloner clone}: the Go cloner's {@code clone} command with JGit (decision 0022).
 *
 * <ul>
 *   <li>the clone goes to {@code <path>/<last segment of the remote's path without .git>};
 *   <li>{@code --strategy notifexist}: an existing target is left alone (exit 0); {@code
 *       overwrite}: it is deleted first; {@code nostrategy} (default): the clone fails on a
 *       non-empty target;
 *   <li>only the branch (or tag) {@code --revision}, else the remote's HEAD branch, is fetched
 *       (Go's single-branch clone), then submodules whose URLs are http(s);
 *   <li>{@code --config}: YAML {@code username}/{@code password} for HTTP basic authentication,
 *       sent to the remote's host only;
 *   <li>failures are logged as Go's {@code log.Fatal} lines and exit with 1.
 * </ul>
 *
 * Deviations from Go, for safety: only {@code http} and {@code https} remotes (Go also takes ssh,
 * git and file), a target name of {@code .} or {@code ..} is refused, and credentials in the remote
 * URL are never printed.
 */
public final class CloneCommand {
  public static final String NOT_IF_EXIST = "notifexist";
  public static final String OVERWRITE = "overwrite";
  public static final String NO_STRATEGY = "nostrategy";

  public static final Command COMMAND =
      new Command(
          "cloner clone",
          "cloner is a helper to Amalthea to clone project related repositories",
          List.of(
              Flag.string("config", "", "Path to configuration file"),
              Flag.string("remote", "", "remote URL to proxy to"),
              Flag.string("revision", "", "remote revision (branch, tag, etc.)"),
              Flag.string("path", "", "clone path"),
              Flag.bool("verbose", "make the command verbose"),
              Flag.oneOf(
                  "strategy",
                  List.of(NOT_IF_EXIST, OVERWRITE, NO_STRATEGY),
                  NO_STRATEGY,
                  "the pre cloning strategy")));

  private CloneCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    ParsedFlags flags = COMMAND.parse(args);
    if (flags.help()) {
      COMMAND.printHelp(out);
      return 0;
    }
    List<String> missing = new ArrayList<>();
    for (String required : List.of("path", "remote")) {
      if (flags.get(required).isEmpty() && flags.given(required).isEmpty()) {
        missing.add("\"" + required + "\"");
      }
    }
    if (!missing.isEmpty()) {
      throw new UsageException("required flag(s) " + String.join(", ", missing) + " not set");
    }
    GoLog log = new GoLog(err);
    try {
      return clone(flags, out, log);
    } catch (Fatal f) {
      log.print(f.getMessage());
      return 1;
    }
  }

  private static int clone(ParsedFlags flags, PrintStream out, GoLog log) throws Fatal {
    String remote = flags.get("remote");
    Redactor redact = Redactor.of(remote);
    URI uri = parseRemote(remote, redact);
    String projectName = projectName(uri);
    Path clonePath = Path.of(flags.get("path"), projectName);

    String strategy = flags.get("strategy");
    if (strategy.equals(NO_STRATEGY)) {
      log.print("no strategy selected, let git handle the this.");
    } else if (!Files.exists(clonePath, LinkOption.NOFOLLOW_LINKS)) {
      log.print(clonePath + " does not exist, nothing to be done.");
    } else if (strategy.equals(NOT_IF_EXIST)) {
      log.print(clonePath + " already exist, doing nothing.");
      return 0;
    } else {
      log.print(clonePath + " exists, deleting it.");
      try {
        FileUtils.delete(
            clonePath.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
      } catch (IOException e) {
        throw new Fatal("failed to remove existing clone: " + e.getMessage());
      }
    }

    log.print("git clone " + redact.apply(remote) + " to " + clonePath);

    CredentialsProvider credentials = null;
    String config = flags.get("config");
    if (!config.isEmpty()) {
      CloneCredentials c = CloneCredentials.read(Path.of(config));
      if (c.hasPrivateKey()) {
        throw new Fatal("generate public keys failed: ssh is not supported by this cloner");
      }
      credentials = new SameHostCredentials(uri, c.username(), c.password());
      redact = redact.with(c.password());
    }
    IsolatedGitConfig.install();
    try {
      String remoteForGit = uri.getRawUserInfo() == null ? remote : withoutUserInfo(uri);
      if (uri.getRawUserInfo() != null && credentials == null) {
        // Credentials written in the URL are used like Go's, without putting them in .git/config.
        String[] userInfo = uri.getUserInfo().split(":", 2);
        credentials =
            new SameHostCredentials(uri, userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
      }
      String ref = resolveRevision(remoteForGit, flags.get("revision"), credentials);
      var command =
          Git.cloneRepository()
              .setURI(remoteForGit)
              .setDirectory(clonePath.toFile())
              .setCredentialsProvider(credentials)
              .setProgressMonitor(
                  new TextProgressMonitor(new OutputStreamWriter(out, StandardCharsets.UTF_8)))
              .setCloneAllBranches(false)
              .setTimeout(300);
      if (ref != null) {
        command.setBranchesToClone(List.of(ref)).setBranch(ref);
      }
      try (Git git = command.call()) {
        Submodules.update(git, credentials, log);
      }
    } catch (GitAPIException | RuntimeException e) {
      throw new Fatal("clone failed: " + redact.apply(String.valueOf(e.getMessage())));
    }
    return 0;
  }

  private static URI parseRemote(String remote, Redactor redact) throws Fatal {
    URI uri;
    try {
      uri = new URI(remote);
    } catch (URISyntaxException e) {
      throw new Fatal("failed to parse remote: " + redact.apply(e.getMessage()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new Fatal(
          "failed to parse remote: only http and https remotes with a host are supported");
    }
    return uri;
  }

  /** The last path segment without {@code .git}; {@code .} and {@code ..} are refused. */
  static String projectName(URI uri) throws Fatal {
    String path = uri.getPath() == null ? "" : uri.getPath();
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    if (segments.isEmpty()) {
      throw new Fatal("expecting repo in url path, received: " + path);
    }
    String name = segments.getLast();
    if (name.endsWith(".git")) {
      name = name.substring(0, name.length() - 4);
    }
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("\0")) {
      throw new Fatal("expecting repo in url path, received: " + path);
    }
    return name;
  }

  /**
   * The full name of the ref to clone: the revision as a branch, else as a tag, or the remote's
   * HEAD branch when no revision is given (null: an empty remote).
   */
  private static String resolveRevision(
      String remote, String revision, CredentialsProvider credentials) throws GitAPIException {
    Map<String, Ref> refs =
        Git.lsRemoteRepository()
            .setRemote(remote)
            .setCredentialsProvider(credentials)
            .setHeads(false)
            .setTags(false)
            .setTimeout(300)
            .callAsMap();
    if (revision.isEmpty()) {
      Ref head = refs.get("HEAD");
      if (head != null && head.isSymbolic()) {
        return head.getTarget().getName();
      }
      return refs.keySet().stream()
          .filter(n -> n.startsWith("refs/heads/"))
          .findFirst()
          .orElse(null);
    }
    for (String candidate : List.of(revision, "refs/heads/" + revision, "refs/tags/" + revision)) {
      if (candidate.startsWith("refs/") && refs.containsKey(candidate)) {
        return candidate;
      }
    }
    throw new org.eclipse.jgit.api.errors.RefNotFoundException("reference not found");
  }

  private static String withoutUserInfo(URI uri) {
    try {
      return new URI(
              uri.getScheme(),
              null,
              uri.getHost(),
              uri.getPort(),
              uri.getRawPath() == null ? null : uri.getPath(),
              uri.getQuery(),
              null)
          .toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("remote cannot be rebuilt without credentials");
    }
  }
}

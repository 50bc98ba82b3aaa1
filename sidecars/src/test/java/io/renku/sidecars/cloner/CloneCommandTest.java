package io.renku.sidecars.cloner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.renku.sidecars.Main;
import io.renku.sidecars.testing.GitHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cloner clone} against real repositories served by git's own smart-HTTP backend. */
class CloneCommandTest {
  @TempDir Path tmp;
  GitHttpServer server;
  Path work;
  String out;
  String err;

  @BeforeEach
  void serve() throws Exception {
    assumeTrue(GitHttpServer.available(), "git http-backend is not installed (Debian package git)");
    Path repos = Files.createDirectories(tmp.resolve("repos"));
    CloneCommandTestRepos.makeRepo(repos.resolve("project.git"));
    CloneCommandTestRepos.makeRepo(repos.resolve("private-project.git"));
    server = new GitHttpServer(repos);
    work = Files.createDirectories(tmp.resolve("work"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  int clone(String... args) {
    List<String> all = new ArrayList<>(List.of("cloner", "clone"));
    all.addAll(List.of(args));
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        Main.run(
            all,
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8),
            Map.of());
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Test
  void clonesTheDefaultBranchIntoPathSlashProjectName() throws Exception {
    int code =
        clone(
            "--strategy",
            "notifexist",
            "--remote",
            server.url("project.git"),
            "--path",
            work.toString());
    assertThat(code).as(err).isZero();
    assertThat(work.resolve("project/README.md")).hasContent("hello");
    assertThat(work.resolve("project/FEATURE")).doesNotExist();
    assertThat(err).contains(work.resolve("project") + " does not exist, nothing to be done.");
    assertThat(err)
        .contains("git clone " + server.url("project.git") + " to " + work.resolve("project"));
    try (Git git = Git.open(work.resolve("project").toFile())) {
      assertThat(git.getRepository().getBranch()).isEqualTo("main");
      // Single branch, as Go's clone: the other branch was not fetched.
      assertThat(git.getRepository().getRefDatabase().getRefs())
          .noneMatch(r -> r.getName().contains("feature"));
    }
  }

  @Test
  void revisionSelectsTheBranch() {
    assertThat(
            clone(
                "--remote",
                server.url("project.git"),
                "--path",
                work.toString(),
                "--revision",
                "feature"))
        .as(err)
        .isZero();
    assertThat(work.resolve("project/FEATURE")).exists();
    assertThat(
            clone(
                "--remote",
                server.url("project.git"),
                "--path",
                work.resolve("x").toString(),
                "--revision",
                "nope"))
        .isEqualTo(1);
    assertThat(err).contains("clone failed: reference not found");
  }

  @Test
  void strategiesOnAnExistingDirectory() throws Exception {
    Path target = Files.createDirectories(work.resolve("project"));
    Files.writeString(target.resolve("mine.txt"), "keep me");
    assertThat(
            clone(
                "--strategy",
                "notifexist",
                "--remote",
                server.url("project.git"),
                "--path",
                work.toString()))
        .isZero();
    assertThat(err).contains("already exist, doing nothing.");
    assertThat(target.resolve("mine.txt")).exists();
    assertThat(target.resolve("README.md")).doesNotExist();

    assertThat(clone("--remote", server.url("project.git"), "--path", work.toString()))
        .isEqualTo(1);
    assertThat(err).contains("no strategy selected").contains("clone failed:");
    assertThat(target.resolve("mine.txt")).exists();

    assertThat(
            clone(
                "--strategy",
                "overwrite",
                "--remote",
                server.url("project.git"),
                "--path",
                work.toString()))
        .as(err)
        .isZero();
    assertThat(err).contains("exists, deleting it.");
    assertThat(target.resolve("mine.txt")).doesNotExist();
    assertThat(target.resolve("README.md")).exists();
  }

  @Test
  void privateRepositoryNeedsTheConfiguredCredentialsAndNeverPrintsThem() throws Exception {
    assertThat(clone("--remote", server.url("private-project.git"), "--path", work.toString()))
        .isEqualTo(1);
    assertThat(work.resolve("private-project")).doesNotExist();

    Path wrong = tmp.resolve("wrong.yaml");
    Files.writeString(wrong, "username: oauth2\npassword: not-" + GitHttpServer.PASSWORD + "\n");
    assertThat(
            clone(
                "--remote",
                server.url("private-project.git"),
                "--path",
                work.toString(),
                "--config",
                wrong.toString()))
        .isEqualTo(1);
    assertThat(out + err).doesNotContain("not-" + GitHttpServer.PASSWORD);

    Path right = tmp.resolve("right.yaml");
    Files.writeString(right, "username: oauth2\npassword: " + GitHttpServer.PASSWORD + "\n");
    assertThat(
            clone(
                "--remote",
                server.url("private-project.git"),
                "--path",
                work.toString(),
                "--config",
                right.toString()))
        .as(err)
        .isZero();
    assertThat(work.resolve("private-project/README.md")).exists();
    assertThat(out + err).doesNotContain(GitHttpServer.PASSWORD);
    // The credentials are not written into the clone's configuration.
    assertThat(Files.readString(work.resolve("private-project/.git/config")))
        .doesNotContain(GitHttpServer.PASSWORD);
  }

  @Test
  void credentialsInTheUrlAreUsedButNotPrinted() throws Exception {
    String url =
        server
            .url("private-project.git")
            .replace(
                "http://", "http://" + GitHttpServer.USER + ":" + GitHttpServer.PASSWORD + "@");
    assertThat(clone("--remote", url, "--path", work.toString())).as(err).isZero();
    assertThat(out + err).doesNotContain(GitHttpServer.PASSWORD);
    assertThat(Files.readString(work.resolve("private-project/.git/config")))
        .doesNotContain(GitHttpServer.PASSWORD);
  }

  @Test
  void configWithoutUsernameOrKeyAndSshKeysAreRefused() throws Exception {
    Path empty = tmp.resolve("empty.yaml");
    Files.writeString(empty, "password: x\n");
    assertThat(
            clone(
                "--remote",
                server.url("project.git"),
                "--path",
                work.toString(),
                "--config",
                empty.toString()))
        .isEqualTo(1);
    assertThat(err)
        .contains("Invalid authentication configuration one username or privateKey must be set");
    Path key = tmp.resolve("key.yaml");
    Files.writeString(key, "privateKey: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n");
    assertThat(
            clone(
                "--remote",
                server.url("project.git"),
                "--path",
                work.toString(),
                "--config",
                key.toString()))
        .isEqualTo(1);
    assertThat(err).doesNotContain("BEGIN OPENSSH");
  }

  @Test
  void nonHttpRemotesAndEscapingNamesAreRefused() throws Exception {
    Path local = tmp.resolve("repos/project.git");
    for (String remote :
        List.of(
            local.toUri().toString(),
            "ssh://git@127.0.0.1/x.git",
            "git://127.0.0.1/x.git",
            "ext::sh -c touch% /tmp/pwned",
            local.toString())) {
      assertThat(clone("--remote", remote, "--path", work.toString())).as(remote).isEqualTo(1);
      assertThat(err).contains("failed to parse remote");
    }
    Files.writeString(work.resolve("sentinel"), "x");
    for (String remote :
        List.of(
            "http://127.0.0.1:1/..",
            "http://127.0.0.1:1/%2e%2e",
            "http://127.0.0.1:1/.git",
            "http://127.0.0.1:1/")) {
      assertThat(
              clone(
                  "--strategy",
                  "overwrite",
                  "--remote",
                  remote,
                  "--path",
                  work.resolve("sub").toString()))
          .as(remote)
          .isEqualTo(1);
      assertThat(err).contains("expecting repo in url path");
    }
    assertThat(work.resolve("sentinel")).exists();
    assertThat(work.resolve("project")).doesNotExist();
  }

  @Test
  void credentialsAreOnlyForTheRemotesHost() throws Exception {
    SameHostCredentials c =
        new SameHostCredentials(URI.create("https://gitlab.example/a/b.git"), "u", "p");
    CredentialItem.Password pw = new CredentialItem.Password();
    assertThat(c.get(new URIish("https://evil.example/x.git"), new CredentialItem.Username(), pw))
        .isFalse();
    assertThat(
            c.get(
                new URIish("https://gitlab.example:8443/x.git"), new CredentialItem.Username(), pw))
        .isFalse();
    assertThat(
            c.get(
                new URIish("https://GITLAB.example/other.git"), new CredentialItem.Username(), pw))
        .isTrue();
  }
}

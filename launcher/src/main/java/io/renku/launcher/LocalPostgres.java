package io.renku.launcher;

import io.renku.data.session.runtime.ParentDeathWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's Postgres: a real server from the embedded binaries ({@link PostgresBinaries}), with
 * its files in {@code <data dir>/postgres} (0700), listening on a loopback port.
 *
 * <ul>
 *   <li>Every connection, TCP or unix socket, needs the superuser's password (scram-sha-256), made
 *       at the first start and kept in {@code keys/postgres-password} (0600). A data directory made
 *       before that (trust authentication) gets a password at its next start: set in single-user
 *       mode, which listens on nothing, then {@code pg_hba.conf} is rewritten.
 *   <li>A Postgres left running by a platform that died ({@code kill -9}, a power cut of the JVM
 *       only) is found through {@code postmaster.pid} and stopped before the new one starts, once
 *       this process holds the data directory's lock (so it never stops a running platform's).
 *   <li>While this JVM runs, a {@link ParentDeathWatch} stops the server if the JVM dies.
 * </ul>
 */
final class LocalPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
  static final String SUPERUSER = "postgres";
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  /** Password authentication for every kind of connection; nothing else is accepted. */
  static final String PG_HBA =
      """
      # Written by Renku local mode at each start: every connection needs the password in
      # <data dir>/keys/postgres-password.
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final Path pgdata;
  private final Path bin;
  private final int port;
  private final String password;
  private final List<FileLock> locks;
  private final ParentDeathWatch watch;

  private LocalPostgres(
      Path pgdata,
      Path bin,
      int port,
      String password,
      List<FileLock> locks,
      ParentDeathWatch watch) {
    this.pgdata = pgdata;
    this.bin = bin;
    this.port = port;
    this.password = password;
    this.locks = locks;
    this.watch = watch;
  }

  /**
   * Starts Postgres on the data directory {@code dataDir} (its {@code postgres} subdirectory), on
   * {@code port} or a free one if 0, and creates the database {@code renku} if missing. Throws
   * {@link IllegalStateException} with "could not lock" in the message when another platform uses
   * the data directory.
   */
  static LocalPostgres start(Path dataDir, int port) throws IOException {
    List<FileLock> locks = lock(dataDir);
    try {
      Path pgdata = dataDir.resolve("postgres");
      Path passwordFile = OwnerOnly.directory(dataDir.resolve("keys")).resolve("postgres-password");
      Path bin = PostgresBinaries.bin();
      stopOrphan(pgdata);
      boolean fresh = !Files.exists(pgdata.resolve("PG_VERSION"));
      boolean newPassword = !Files.exists(passwordFile);
      if (newPassword) {
        OwnerOnly.createFile(passwordFile, LocalSecrets.randomKey() + "\n");
      }
      OwnerOnly.narrow(passwordFile);
      String password = Files.readString(passwordFile).strip();
      if (fresh) {
        OwnerOnly.directory(pgdata);
        run(
            password,
            null,
            program(
                bin,
                "initdb",
                "-D",
                pgdata.toString(),
                "-U",
                SUPERUSER,
                "-A",
                "scram-sha-256",
                "--pwfile=" + passwordFile,
                "-E",
                "UTF-8"));
        log.info("Created the Postgres data directory {} (password authentication)", pgdata);
      } else if (newPassword || !PG_HBA.equals(readOrEmpty(pgdata.resolve("pg_hba.conf")))) {
        log.info(
            "Protecting the Postgres data in {} with a password (the data directory was made"
                + " without one)",
            pgdata);
        setPasswordOffline(bin, pgdata, password);
      }
      if (!PG_HBA.equals(readOrEmpty(pgdata.resolve("pg_hba.conf")))) {
        OwnerOnly.replaceFile(pgdata.resolve("pg_hba.conf"), PG_HBA);
      }
      OwnerOnly.directory(pgdata);
      int actualPort = port == 0 ? freePort() : port;
      long pid = startServer(bin, pgdata, dataDir.resolve("postgres.log"), actualPort, password);
      ParentDeathWatch watch = ParentDeathWatch.watch(pid, "INT", 60, "QUIT", false).orElse(null);
      LocalPostgres postgres = new LocalPostgres(pgdata, bin, actualPort, password, locks, watch);
      try {
        postgres.createDatabase("renku");
      } catch (SQLException | RuntimeException e) {
        postgres.close();
        throw new IllegalStateException("Postgres started but cannot be used: " + e, e);
      }
      return postgres;
    } catch (IOException | RuntimeException e) {
      release(locks);
      throw e;
    }
  }

  /** {@code jdbc:postgresql://localhost:<port>/<database>}, without credentials. */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  String user() {
    return SUPERUSER;
  }

  String password() {
    return password;
  }

  int port() {
    return port;
  }

  /** Stops the server (fast shutdown: open transactions roll back, committed ones stay). */
  @Override
  public void close() {
    if (watch != null) {
      watch.cancel();
    }
    try {
      run(
          password,
          null,
          program(
              bin,
              "pg_ctl",
              "-D",
              pgdata.toString(),
              "stop",
              "-m",
              "fast",
              "-w",
              "-t",
              String.valueOf(STOP_WAIT.toSeconds()),
              "-s"));
    } catch (RuntimeException e) {
      log.warn("Postgres did not stop cleanly: {}", e.getMessage());
    }
    release(locks);
  }

  /**
   * The data directory's lock, held while the platform runs: {@code postgres.lock}, and for data
   * directories made by older versions also their {@code postgres/epg-lock}, which those versions
   * hold while they run.
   */
  private static List<FileLock> lock(Path dataDir) throws IOException {
    OwnerOnly.dataDirectory(dataDir);
    List<FileLock> locks = new ArrayList<>();
    List<Path> files = new ArrayList<>(List.of(dataDir.resolve("postgres.lock")));
    if (Files.exists(dataDir.resolve("postgres/epg-lock"))) {
      files.add(dataDir.resolve("postgres/epg-lock"));
    }
    for (Path file : files) {
      FileChannel channel =
          FileChannel.open(
              file,
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another platform in this JVM
      }
      if (lock == null) {
        channel.close();
        release(locks);
        throw new IllegalStateException("could not lock " + file);
      }
      locks.add(lock);
    }
    return locks;
  }

  private static void release(List<FileLock> locks) {
    for (FileLock lock : locks) {
      try {
        lock.release();
        lock.channel().close();
      } catch (IOException e) {
        log.debug("Cannot release {}", lock, e);
      }
    }
  }

  /**
   * Stops the server a previous run left on this data directory, if any. Called with the data
   * directory's lock held: a server running then belongs to no live platform.
   */
  static void stopOrphan(Path pgdata) throws IOException {
    Path pidFile = pgdata.resolve("postmaster.pid");
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
    if (process.isEmpty()) {
      return; // gone; Postgres ignores a pid file whose process is gone
    }
    if (!isServerOf(pid.get(), pgdata)) {
      // The pid is some other process now; Postgres would take it for a running server.
      log.info("Removing the stale {} (pid {} is another program now)", pidFile, pid.get());
      Files.deleteIfExists(pidFile);
      return;
    }
    log.warn(
        "Found a Postgres left running by a previous run (pid {}); stopping it before starting",
        pid.get());
    // SIGINT is Postgres's fast shutdown: open transactions roll back, committed ones are kept.
    if (!signalAndWait(process.get(), "INT", STOP_WAIT)) {
      log.warn("Postgres (pid {}) did not stop within {} s; stopping it at once", pid.get(), 60);
      // SIGQUIT: immediate shutdown; the next start replays the write-ahead log.
      if (!signalAndWait(process.get(), "QUIT", Duration.ofSeconds(15))) {
        throw new IllegalStateException(
            "A Postgres left running by a previous run (pid "
                + pid.get()
                + ") does not stop; stop it, then start again");
      }
    }
    log.info("Stopped the Postgres left running by a previous run (pid {})", pid.get());
  }

  /** Whether {@code pid} is a Postgres server process whose data directory is {@code pgdata}. */
  static boolean isServerOf(long pid, Path pgdata) {
    Path proc = Path.of("/proc", String.valueOf(pid));
    try {
      if (!readOrEmpty(proc.resolve("comm")).strip().equals("postgres")) {
        return false;
      }
      Path expected = pgdata.toRealPath();
      try {
        // The server's working directory is its data directory.
        if (Files.readSymbolicLink(proc.resolve("cwd")).equals(expected)) {
          return true;
        }
      } catch (IOException | SecurityException e) {
        // not ours to read; fall back to the command line
      }
      for (String arg : readOrEmpty(proc.resolve("cmdline")).split("\0")) {
        if (arg.equals(pgdata.toAbsolutePath().normalize().toString())
            || arg.equals(expected.toString())) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean signalAndWait(ProcessHandle process, String signal, Duration wait) {
    run(
        null,
        "/bin/sh",
        "-c",
        "kill -" + signal + " \"$1\" 2>/dev/null || true",
        "kill",
        String.valueOf(process.pid()));
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      String first = Files.readString(pidFile).lines().findFirst().orElse("").strip();
      return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Sets the superuser's password in single-user mode: no socket is opened, so no one can connect
   * in between through the old trust rules.
   */
  private static void setPasswordOffline(Path bin, Path pgdata, String password) {
    run(
        password,
        "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + password + "';\n",
        program(
            bin,
            "postgres",
            "--single",
            "-D",
            pgdata.toString(),
            "-c",
            "password_encryption=scram-sha-256",
            "postgres"));
  }

  private static long startServer(Path bin, Path pgdata, Path logFile, int port, String password)
      throws IOException {
    if (!Files.exists(logFile)) {
      OwnerOnly.createFile(logFile, "");
    }
    OwnerOnly.narrow(logFile);
    String options =
        String.join(
            " ",
            "-p " + port,
            "-c listen_addresses=localhost",
            "-c max_connections=300",
            "-c timezone=UTC",
            // Local mode keeps real data: durable commits.
            "-c fsync=on",
            "-c synchronous_commit=on",
            "-c full_page_writes=on",
            "-c password_encryption=scram-sha-256");
    try {
      run(
          password,
          null,
          program(
              bin,
              "pg_ctl",
              "-D",
              pgdata.toString(),
              "-l",
              logFile.toString(),
              "-o",
              options,
              "-w",
              "-t",
              "120",
              "-s",
              "start"));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Postgres did not start. The end of its log (" + logFile + "):\n" + tail(logFile, 15), e);
    }
    long pid =
        readPid(pgdata.resolve("postmaster.pid"))
            .orElseThrow(() -> new IllegalStateException("Postgres started but wrote no pid"));
    log.info("Postgres started (pid {}, port {}, data in {})", pid, port, pgdata);
    return pid;
  }

  private void createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
      if (!rs.next()) {
        c.createStatement().execute("CREATE DATABASE " + name);
        log.info("Created database {}", name);
      }
    }
  }

  private static void run(String secret, String... command) {
    run(secret, null, List.of(command));
  }

  /**
   * A Postgres program's command line. Postgres refuses to run as root; as root it runs in a user
   * namespace of its own ({@code unshare -U}), where root is an unprivileged user to it (the files
   * stay root's), as the embedded library does it.
   */
  private static List<String> program(Path bin, String name, String... args) {
    List<String> command = new ArrayList<>(ROOT_WRAPPER);
    command.add(bin.resolve(name).toString());
    command.addAll(List.of(args));
    return command;
  }

  private static final List<String> ROOT_WRAPPER = rootWrapper();

  private static List<String> rootWrapper() {
    boolean root =
        readOrEmpty(Path.of("/proc/self/status"))
            .lines()
            .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
    if (!root) {
      return List.of();
    }
    try {
      Process p =
          new ProcessBuilder("unshare", "-U", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor() == 0) {
        return List.of("unshare", "-U");
      }
    } catch (IOException e) {
      // no unshare: initdb will say that it cannot run as root
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }

  /**
   * Runs a Postgres program to its end, {@code input} on its standard input; a failure's message
   * holds its output, with {@code secret} blanked out.
   */
  private static void run(String secret, String input, List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (input != null) {
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (secret != null) {
        output = output.replace(secret, "***");
      }
      int code = p.waitFor();
      // Single-user mode reports a failed statement on its output and still exits with 0.
      if (code != 0 || output.contains("ERROR:")) {
        throw new IllegalStateException(
            Path.of(command.getFirst()).getFileName() + " failed (exit " + code + "): " + output);
      }
      log.debug("{}: {}", Path.of(command.getFirst()).getFileName(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
    }
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(Path file, int lines) {
    List<String> all = readOrEmpty(file).lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

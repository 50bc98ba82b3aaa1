package io.renku.data.deposit;

import io.renku.core.RenkuException;
import io.renku.data.connectedservice.ConnectionService;
import io.renku.data.storage.StorageService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Local mode's deposit upload job (the original runs a Kubernetes Job with the renku CLI): a task
 * on a small bounded executor copies the connector's files with rclone into a private temporary
 * directory and puts each into the Zenodo deposition's bucket with the user's token, writing its
 * progress and errors to the deposit's log and the outcome to its status ({@code upload_complete}
 * or {@code failed}). A run writes only while it owns the deposit (its job name), so that a deleted
 * or rerun deposit is left alone by an older run.
 */
@Component
public class DepositUploads implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(DepositUploads.class);

  /** The log's container name, as the original's job names its one container. */
  public static final String CONTAINER = "upload-deposit";

  /** One upload to run: what to copy (a connector's storage) and where it goes. */
  public record Upload(
      String depositId,
      String jobName,
      String userId,
      Map<String, Object> configuration,
      String sourcePath,
      String providerKind) {
    @Override
    public String toString() {
      // the configuration may name hosts and users; keep it out of logs
      return "Upload[" + depositId + "/" + jobName + "]";
    }
  }

  private final DepositRepository deposits;
  private final StorageService storage;
  private final ConnectionService connections;
  private final ZenodoClient zenodo;
  private final Duration copyTimeout;
  private final ThreadPoolExecutor executor;
  private final Map<String, Future<?>> running = new ConcurrentHashMap<>();

  public DepositUploads(
      DepositRepository deposits,
      StorageService storage,
      ConnectionService connections,
      ZenodoClient zenodo,
      @Value("${renku.deposits.max-concurrent:2}") int maxConcurrent,
      @Value("${renku.deposits.max-queued:50}") int maxQueued,
      @Value("${renku.deposits.copy-timeout:2h}") Duration copyTimeout) {
    this.deposits = deposits;
    this.storage = storage;
    this.connections = connections;
    this.zenodo = zenodo;
    this.copyTimeout = copyTimeout;
    int threads = Math.max(1, maxConcurrent);
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(Math.max(1, maxQueued)),
            Thread.ofPlatform().name("deposit-upload-", 0).daemon(true).factory());
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Starts the upload (queued when all workers are busy; failed at once when the queue is full).
   */
  public void start(Upload u) {
    try {
      running.put(u.depositId(), executor.submit(() -> run(u)));
    } catch (RejectedExecutionException e) {
      note(u, "Too many uploads are waiting on this platform; run the job again later.");
      deposits.setStatus(u.depositId(), u.jobName(), Deposit.FAILED);
    }
  }

  /** Stops the deposit's upload, if one runs. */
  public void stop(String depositId) {
    Future<?> f = running.remove(depositId);
    if (f != null) {
      f.cancel(true);
    }
  }

  private void run(Upload u) {
    Path dir = null;
    try {
      if (deposits.findForJob(u.depositId(), u.jobName()).isEmpty()) {
        return; // deleted or rerun while waiting
      }
      if (!Deposit.ZENODO.equals(u.providerKind())) {
        throw new IllegalStateException("Uploads to " + u.providerKind() + " are not supported.");
      }
      if (u.configuration()
          .containsValue(io.renku.data.dataconnector.DataConnectorStorage.SENSITIVE)) {
        throw new IllegalStateException(
            "The data connector needs saved credentials, which deposits cannot use yet.");
      }
      dir =
          Files.createTempDirectory(
              "renku-deposit-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      note(u, "Copying the files of '" + shown(u.sourcePath()) + "' from the data connector.");
      String reason = storage.copyOut(u.configuration(), u.sourcePath(), dir, copyTimeout);
      if (reason != null) {
        throw new IllegalStateException("Could not read the data connector: " + reason);
      }
      List<Path> files = files(dir);
      note(u, "Copied " + files.size() + " file(s).");
      var access =
          connections
              .accessForKind(u.userId(), Deposit.ZENODO)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "You need to connect and authenticate with the zenodo provider."));
      String originalId =
          deposits.findForJob(u.depositId(), u.jobName()).orElseThrow().originalId();
      String providerUrl = access.provider().url();
      var deposition = zenodo.get(providerUrl, access.accessToken(), originalId);
      if (deposition == null || deposition.bucket().isEmpty()) {
        throw new IllegalStateException(
            "Zenodo has no upload bucket for deposit " + originalId + ".");
      }
      // the token goes only to the admin's Zenodo, whatever a bucket link names
      if (!ZenodoClient.sameOrigin(providerUrl, deposition.bucket())) {
        throw new IllegalStateException("Zenodo's upload bucket is not on " + providerUrl + ".");
      }
      for (Path f : files) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        String key = dir.relativize(f).toString();
        zenodo.upload(deposition.bucket(), access.accessToken(), key, f);
        note(u, "Uploaded " + key + " (" + Files.size(f) + " bytes).");
      }
      note(u, "Upload complete: publish the deposit on Zenodo, then mark it complete.");
      deposits.setStatus(u.depositId(), u.jobName(), Deposit.UPLOAD_COMPLETE);
    } catch (RenkuException e) {
      fail(u, e.getMessage() + (e.detail() == null ? "" : " " + e.detail()));
    } catch (IOException | RuntimeException e) {
      fail(u, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } finally {
      running.remove(u.depositId());
      delete(dir);
    }
  }

  private void fail(Upload u, String message) {
    log.info("Deposit upload {} failed: {}", u, message);
    note(u, "Error: " + message);
    deposits.setStatus(u.depositId(), u.jobName(), Deposit.FAILED);
  }

  private void note(Upload u, String line) {
    deposits.appendLog(
        u.depositId(), u.jobName(), Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
  }

  private static String shown(String path) {
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not delete the deposit's temporary directory {}", dir);
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}

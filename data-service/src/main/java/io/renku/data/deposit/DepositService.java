package io.renku.data.deposit;

import io.renku.core.ApiUser;
import io.renku.core.ETags;
import io.renku.core.ErrorCode;
import io.renku.core.Page;
import io.renku.core.Paging;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.connectedservice.ConnectionService;
import io.renku.data.dataconnector.DataConnector;
import io.renku.data.dataconnector.DataConnectorService;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Data deposits ({@code /deposits}) as the original: a logged-in user deposits the files of a data
 * connector they can read (else 404) to Zenodo with their own Zenodo connection; one deposit per
 * user and connector; each user sees and changes only their own deposits (another's is 404). The
 * upload runs in {@link DepositUploads}. EnviDat is refused (422): its S3 target is not configured
 * on this platform.
 */
@Service
public class DepositService {
  private static final Logger log = LoggerFactory.getLogger(DepositService.class);

  private final DepositRepository deposits;
  private final DataConnectorService connectors;
  private final ConnectionService connections;
  private final ZenodoClient zenodo;
  private final DepositUploads uploads;

  public DepositService(
      DepositRepository deposits,
      DataConnectorService connectors,
      ConnectionService connections,
      ZenodoClient zenodo,
      DepositUploads uploads) {
    this.deposits = deposits;
    this.connectors = connectors;
    this.connections = connections;
    this.zenodo = zenodo;
    this.uploads = uploads;
  }

  public Page<Deposit> list(ApiUser caller, Paging paging) {
    caller.requireAuthenticated();
    return deposits.list(caller.id(), null, paging);
  }

  public Page<Deposit> listOfConnector(ApiUser caller, String dataConnectorId, Paging paging) {
    caller.requireAuthenticated();
    connectors.get(caller, dataConnectorId);
    return deposits.list(caller.id(), dataConnectorId, paging);
  }

  public Deposit get(ApiUser caller, String id) {
    caller.requireAuthenticated();
    return deposits.find(caller.id(), id).orElseThrow(() -> notFound(id));
  }

  public String logs(ApiUser caller, String id) {
    get(caller, id);
    return deposits.logs(caller.id(), id);
  }

  public Deposit create(
      ApiUser caller, String name, String provider, String dataConnectorId, String path) {
    caller.requireAuthenticated();
    String cleanPath = path(path);
    DataConnector dc = connectors.get(caller, dataConnectorId);
    if (deposits.exists(caller.id(), dataConnectorId)) {
      // the original's own check answers 422 (its database's conflict, for a race, is 409)
      throw new RenkuException(
          ErrorCode.VALIDATION,
          "Cannot have more than 1 deposit for the same user and data connector; please delete"
              + " your existing deposit and make a new one afterward.",
          "data_connector_id");
    }
    if (!Deposit.ZENODO.equals(provider)) {
      throw RenkuException.validation(
          "provider", "deposits to " + provider + " are not enabled on this platform");
    }
    var access = zenodoAccess(caller);
    String providerUrl = access.provider().url();
    var created = zenodo.create(providerUrl, access.accessToken(), name);
    Deposit d =
        new Deposit(
            Ulid.next(),
            caller.id(),
            dc.id(),
            provider,
            Deposit.IN_PROGRESS,
            created.id(),
            name,
            cleanPath,
            jobName(),
            ZenodoClient.uploadsUrl(providerUrl, created.id()),
            null,
            null);
    Deposit saved =
        deposits
            .insert(d)
            .orElseThrow(
                () ->
                    RenkuException.conflict(
                        "Cannot create a new deposit when there is already an existing deposit for"
                            + " the data connector with ID "
                            + dataConnectorId));
    log.info(
        "User {} created deposit {} of data connector {} ({} {})",
        caller.id(),
        saved.id(),
        dc.id(),
        provider,
        created.id());
    uploads.start(upload(saved, dc));
    return saved;
  }

  public Deposit update(
      ApiUser caller, String id, String name, String status, String path, String ifMatch) {
    Deposit current = get(caller, id);
    if (ifMatch == null || ifMatch.isBlank()) {
      throw RenkuException.preconditionRequired("If-Match header not provided.");
    }
    ETags.requireMatch(ifMatch, current.etag());
    String cleanPath = path == null ? null : path(path);
    if (status != null) {
      if (!(Deposit.UPLOAD_COMPLETE.equals(current.status()) && Deposit.COMPLETE.equals(status))) {
        throw RenkuException.validation(
            "status", "the only allowed status change is from 'upload_complete' to 'complete'");
      }
      // complete: the deposit must be published at the provider; then it is removed (the user
      // makes a new data connector of the published data, as in the original)
      var access = zenodoAccess(caller);
      var deposition =
          zenodo.get(access.provider().url(), access.accessToken(), current.originalId());
      if (deposition == null) {
        throw RenkuException.notFound(
            "The Zenodo deposit with id " + current.originalId() + " cannot be found.");
      }
      if (!deposition.submitted()) {
        throw RenkuException.validation(
            "status",
            "the Zenodo deposit needs to be completed and published first before being completed");
      }
    }
    Deposit updated =
        deposits.update(caller.id(), id, name, cleanPath).orElseThrow(() -> notFound(id));
    if (status != null) {
      uploads.stop(id);
      deposits.delete(caller.id(), id);
      log.info("User {} completed deposit {}", caller.id(), id);
      return updated.withStatus(Deposit.COMPLETE);
    }
    return updated;
  }

  public void delete(ApiUser caller, String id) {
    get(caller, id);
    uploads.stop(id);
    deposits.delete(caller.id(), id);
    log.info("User {} deleted deposit {}", caller.id(), id);
  }

  /** A new upload run, for a Zenodo deposit whose upload is not running. */
  public void rerun(ApiUser caller, String id) {
    Deposit current = get(caller, id);
    if (Deposit.ENVIDAT.equals(current.provider())) {
      throw RenkuException.validation(
          "provider",
          "Envidat deposits cannot be retried. Please delete this deposit and create a new one");
    }
    if (Deposit.IN_PROGRESS.equals(current.status())) {
      throw RenkuException.validation(
          "status", "cannot rerun a deposit job that is currently in progress");
    }
    zenodoAccess(caller);
    DataConnector dc = connectors.get(caller, current.dataConnectorId());
    Deposit restarted =
        deposits.restart(caller.id(), id, jobName()).orElseThrow(() -> notFound(id));
    log.info("User {} reran deposit {}", caller.id(), id);
    uploads.start(upload(restarted, dc));
  }

  private ConnectionService.KindAccess zenodoAccess(ApiUser caller) {
    return connections
        .accessForKind(caller.id(), Deposit.ZENODO)
        .orElseThrow(
            () ->
                RenkuException.unauthorized(
                    "You need to connect and authenticate with the zenodo provider to do this"));
  }

  private static DepositUploads.Upload upload(Deposit d, DataConnector dc) {
    Map<String, Object> config = new LinkedHashMap<>(dc.storage().configuration());
    config.putIfAbsent("type", dc.storage().storageType());
    String base = dc.storage().sourcePath() == null ? "" : dc.storage().sourcePath();
    base = base.replaceAll("/+$", "");
    String sub = d.path() == null ? "" : d.path().replaceAll("^/+", "").replaceAll("/+$", "");
    String source = base.isEmpty() ? sub : sub.isEmpty() ? base : base + "/" + sub;
    return new DepositUploads.Upload(d.id(), d.jobName(), d.userId(), config, source, d.provider());
  }

  /** The deposit's path: absent means all, no parent steps, no control characters. */
  private static String path(String path) {
    if (path == null || path.isBlank()) {
      return null;
    }
    for (char c : path.toCharArray()) {
      if (Character.isISOControl(c)) {
        throw RenkuException.validation("path", "must not contain control characters");
      }
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        throw RenkuException.validation("path", "must not contain '..'");
      }
    }
    return path.startsWith("/") ? path : "/" + path;
  }

  private static String jobName() {
    return "deposit-" + Ulid.next().toLowerCase(Locale.ROOT);
  }

  private static RenkuException notFound(String id) {
    return RenkuException.notFound(
        "The deposit with ID " + id + " does not exist or you do not have access to it.");
  }
}

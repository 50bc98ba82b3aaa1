package io.renku.data.deposit;

import io.renku.api.data.api.DepositsApi;
import io.renku.api.data.model.DepositPatch;
import io.renku.api.data.model.DepositPost;
import io.renku.api.data.model.DepositProvider;
import io.renku.api.data.model.DepositStatus;
import io.renku.core.ETags;
import io.renku.core.Paging;
import io.renku.data.web.CurrentUser;
import io.renku.data.web.PageResponses;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /deposits} and {@code /data_connectors/{id}/deposits}: maps DTOs, one service call. */
@RestController
public class DepositController implements DepositsApi {
  private final DepositService deposits;
  private final CurrentUser currentUser;

  public DepositController(DepositService deposits, CurrentUser currentUser) {
    this.deposits = deposits;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Deposit> createDeposit(DepositPost body) {
    Deposit d =
        deposits.create(
            currentUser.get(),
            body.getName(),
            body.getProvider().getValue(),
            body.getDataConnectorId(),
            body.getPath());
    return ResponseEntity.status(HttpStatus.CREATED).eTag(d.etag()).body(dto(d));
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Deposit>> listDeposits(
      Integer page, Integer perPage) {
    return PageResponses.of(
        deposits.list(currentUser.get(), Paging.of(page, perPage)).map(DepositController::dto));
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.Deposit>> listDataConnectorDeposits(
      String dataConnectorId, Integer page, Integer perPage) {
    return PageResponses.of(
        deposits
            .listOfConnector(currentUser.get(), dataConnectorId, Paging.of(page, perPage))
            .map(DepositController::dto));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Deposit> getDeposit(
      String depositId, String ifNoneMatch) {
    Deposit d = deposits.get(currentUser.get(), depositId);
    if (ETags.matchesNone(ifNoneMatch, d.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(d.etag()).build();
    }
    return ResponseEntity.ok().eTag(d.etag()).body(dto(d));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.Deposit> updateDeposit(
      String depositId, DepositPatch body, String ifMatch) {
    Deposit d =
        deposits.update(
            currentUser.get(),
            depositId,
            body.getName(),
            body.getStatus() == null ? null : body.getStatus().getValue(),
            body.getPath(),
            ifMatch);
    return ResponseEntity.ok().eTag(d.etag()).body(dto(d));
  }

  @Override
  public ResponseEntity<Void> deleteDeposit(String depositId) {
    deposits.delete(currentUser.get(), depositId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<Map<String, String>> getDepositLogs(String depositId) {
    return ResponseEntity.ok(
        Map.of(DepositUploads.CONTAINER, deposits.logs(currentUser.get(), depositId)));
  }

  @Override
  public ResponseEntity<Void> rerunDepositJob(String depositId) {
    deposits.rerun(currentUser.get(), depositId);
    return ResponseEntity.status(HttpStatus.CREATED).build();
  }

  private static io.renku.api.data.model.Deposit dto(Deposit d) {
    return new io.renku.api.data.model.Deposit(
        d.id(),
        d.name(),
        DepositProvider.fromValue(d.provider()),
        d.dataConnectorId(),
        d.path() == null ? "/" : d.path(),
        DepositStatus.fromValue(d.status()),
        d.externalUrl(),
        d.creationDate(),
        d.updatedAt(),
        d.etag());
  }
}

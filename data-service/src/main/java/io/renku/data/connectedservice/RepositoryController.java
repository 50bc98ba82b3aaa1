package io.renku.data.connectedservice;

import io.renku.api.data.api.RepositoriesApi;
import io.renku.api.data.model.ProviderConnection;
import io.renku.api.data.model.ProviderData;
import io.renku.api.data.model.RepositoryMetadata;
import io.renku.api.data.model.RepositoryProviderData;
import io.renku.data.web.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /repository}. */
@RestController
public class RepositoryController implements RepositoriesApi {
  private final RepositoryService repositories;
  private final CurrentUser currentUser;

  public RepositoryController(RepositoryService repositories, CurrentUser currentUser) {
    this.repositories = repositories;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<RepositoryProviderData> getRepository(String url) {
    var r = repositories.get(currentUser.get(), url);
    var dto = new RepositoryProviderData(RepositoryProviderData.StatusEnum.fromValue(r.status()));
    if (r.errorCode() != null) {
      dto.setErrorCode(RepositoryProviderData.ErrorCodeEnum.fromValue(r.errorCode()));
    }
    if (r.provider() != null) {
      dto.setProvider(
          new ProviderData(r.provider().id(), r.provider().displayName(), r.provider().url()));
    }
    if (r.connection() != null) {
      dto.setConnection(
          new ProviderConnection(
              r.connection().id(), r.connection().providerId(), r.connection().status()));
    }
    if (r.metadata() != null) {
      var m =
          new RepositoryMetadata(
              r.metadata().gitUrl(),
              r.metadata().pull(),
              RepositoryMetadata.VisibilityEnum.fromValue(r.metadata().visibility()));
      m.setPushPermission(r.metadata().push());
      dto.setMetadata(m);
    }
    return ResponseEntity.ok(dto);
  }
}

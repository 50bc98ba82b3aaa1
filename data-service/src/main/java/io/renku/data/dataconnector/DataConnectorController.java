package io.renku.data.dataconnector;

import io.renku.api.data.api.DataConnectorsApi;
import io.renku.api.data.model.CloudStorageCore;
import io.renku.api.data.model.CloudStorageCorePatch;
import io.renku.api.data.model.DataConnectorPatch;
import io.renku.api.data.model.DataConnectorPermissions;
import io.renku.api.data.model.DataConnectorPost;
import io.renku.api.data.model.DataConnectorSecretPatch;
import io.renku.api.data.model.DataConnectorStoragePost;
import io.renku.api.data.model.DataConnectorToProjectLink;
import io.renku.api.data.model.DataConnectorToProjectLinkPost;
import io.renku.api.data.model.GlobalDataConnectorPost;
import io.renku.api.data.model.InaccessibleDataConnectorLinks;
import io.renku.api.data.model.Visibility;
import io.renku.core.ETags;
import io.renku.core.Paging;
import io.renku.data.web.CurrentUser;
import io.renku.data.web.PageResponses;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /data_connectors}, the connectors' project links and the caller's credentials for them,
 * and the paths by namespace. Only translates: the services decide.
 */
@RestController
public class DataConnectorController implements DataConnectorsApi {
  private final DataConnectorService connectors;
  private final DataConnectorLinkService links;
  private final DataConnectorSecretService secrets;
  private final GlobalDataConnectorService globals;
  private final CurrentUser currentUser;

  public DataConnectorController(
      DataConnectorService connectors,
      DataConnectorLinkService links,
      DataConnectorSecretService secrets,
      GlobalDataConnectorService globals,
      CurrentUser currentUser) {
    this.connectors = connectors;
    this.links = links;
    this.secrets = secrets;
    this.globals = globals;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.DataConnector>> listDataConnectors(
      Integer page, Integer perPage, String namespace) {
    return PageResponses.of(
        connectors.list(currentUser.get(), Paging.of(page, perPage), namespace).map(this::dto));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.DataConnector> createDataConnector(
      DataConnectorPost body) {
    DataConnectorStoragePost s = body.getStorage();
    DataConnector d =
        connectors.create(
            currentUser.get(),
            new DataConnectorDraft(
                body.getName(),
                body.getNamespace(),
                body.getSlug(),
                body.getVisibility() == null ? null : body.getVisibility().getValue(),
                body.getDescription(),
                body.getKeywords(),
                s.getConfiguration(),
                s.getSourcePath(),
                s.getTargetPath(),
                s.getReadonly(),
                s.getStorageUrl()));
    return ResponseEntity.status(HttpStatus.CREATED).eTag(d.etag()).body(dto(d));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.DataConnector> createGlobalDataConnector(
      GlobalDataConnectorPost body) {
    GlobalDataConnectorService.Outcome outcome =
        globals.create(
            currentUser.get(),
            body.getStorage().getConfiguration(),
            body.getStorage().getSourcePath());
    return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .eTag(outcome.dataConnector().etag())
        .body(dto(outcome.dataConnector()));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.DataConnector> getGlobalDataConnectorBySlug(
      String slug, String ifNoneMatch) {
    return conditional(globals.getBySlug(currentUser.get(), slug), ifNoneMatch);
  }

  @Override
  public ResponseEntity<List<DataConnectorToProjectLink>> listDataConnectorLinks(
      Integer page, Integer perPage, String doi) {
    return PageResponses.of(
        links.list(currentUser.get(), Paging.of(page, perPage), doi).map(this::linkDto));
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.DataConnector> getDataConnector(
      String dataConnectorId, String ifNoneMatch) {
    return conditional(connectors.get(currentUser.get(), dataConnectorId), ifNoneMatch);
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.DataConnector> updateDataConnector(
      String dataConnectorId, DataConnectorPatch body, String ifMatch) {
    CloudStorageCorePatch s = body.getStorage();
    DataConnectorChanges changes =
        new DataConnectorChanges(
            body.getName(),
            body.getNamespace(),
            body.getSlug(),
            body.getVisibility() == null ? null : body.getVisibility().getValue(),
            body.getDescription(),
            body.getKeywords(),
            s == null ? null : s.getConfiguration(),
            s == null ? null : s.getSourcePath(),
            s == null ? null : s.getTargetPath(),
            s == null ? null : s.getReadonly());
    return withETag(connectors.update(currentUser.get(), dataConnectorId, changes, ifMatch));
  }

  @Override
  public ResponseEntity<Void> deleteDataConnector(String dataConnectorId) {
    connectors.delete(currentUser.get(), dataConnectorId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.DataConnector> getDataConnectorByNamespaceAndSlug(
      String namespace, String slug, String ifNoneMatch) {
    return conditional(connectors.getByPath(currentUser.get(), namespace, slug), ifNoneMatch);
  }

  @Override
  public ResponseEntity<io.renku.api.data.model.DataConnector> getDataConnectorByProjectPath(
      String namespace, String project, String slug, String ifNoneMatch) {
    return conditional(
        connectors.getByProjectPath(currentUser.get(), namespace, project, slug), ifNoneMatch);
  }

  @Override
  public ResponseEntity<DataConnectorPermissions> getDataConnectorPermissions(
      String dataConnectorId) {
    var p = connectors.permissions(currentUser.get(), dataConnectorId);
    return ResponseEntity.ok(
        new DataConnectorPermissions()
            .write(p.write())
            .delete(p.delete())
            .changeMembership(p.changeMembership()));
  }

  @Override
  public ResponseEntity<List<DataConnectorToProjectLink>> listDataConnectorProjectLinks(
      String dataConnectorId) {
    return ResponseEntity.ok(
        links.ofConnector(currentUser.get(), dataConnectorId).stream().map(this::linkDto).toList());
  }

  @Override
  public ResponseEntity<DataConnectorToProjectLink> createDataConnectorProjectLink(
      String dataConnectorId, DataConnectorToProjectLinkPost body) {
    DataConnectorLink link = links.create(currentUser.get(), dataConnectorId, body.getProjectId());
    return ResponseEntity.status(HttpStatus.CREATED).body(linkDto(link));
  }

  @Override
  public ResponseEntity<Void> deleteDataConnectorProjectLink(
      String dataConnectorId, String linkId) {
    links.delete(currentUser.get(), dataConnectorId, linkId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.DataConnectorSecret>> listDataConnectorSecrets(
      String dataConnectorId) {
    return ResponseEntity.ok(
        secrets.list(currentUser.get(), dataConnectorId).stream().map(this::secretDto).toList());
  }

  @Override
  public ResponseEntity<List<io.renku.api.data.model.DataConnectorSecret>>
      updateDataConnectorSecrets(String dataConnectorId, List<DataConnectorSecretPatch> body) {
    List<DataConnectorSecretService.Change> changes =
        body.stream()
            .map(p -> new DataConnectorSecretService.Change(p.getName(), p.getValue()))
            .toList();
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            secrets.save(currentUser.get(), dataConnectorId, changes).stream()
                .map(this::secretDto)
                .toList());
  }

  @Override
  public ResponseEntity<Void> deleteDataConnectorSecrets(String dataConnectorId) {
    secrets.deleteAll(currentUser.get(), dataConnectorId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<List<DataConnectorToProjectLink>> listProjectDataConnectorLinks(
      String projectId) {
    return ResponseEntity.ok(
        links.ofProject(currentUser.get(), projectId).stream().map(this::linkDto).toList());
  }

  @Override
  public ResponseEntity<InaccessibleDataConnectorLinks> countInaccessibleDataConnectorLinks(
      String projectId) {
    return ResponseEntity.ok(
        new InaccessibleDataConnectorLinks()
            .count(links.inaccessibleCount(currentUser.get(), projectId)));
  }

  /** 304 without a body when the client has this version already (If-None-Match). */
  private ResponseEntity<io.renku.api.data.model.DataConnector> conditional(
      DataConnector d, String ifNoneMatch) {
    if (ETags.matchesNone(ifNoneMatch, d.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(d.etag()).build();
    }
    return withETag(d);
  }

  private ResponseEntity<io.renku.api.data.model.DataConnector> withETag(DataConnector d) {
    return ResponseEntity.ok().eTag(d.etag()).body(dto(d));
  }

  private io.renku.api.data.model.DataConnector dto(DataConnector d) {
    DataConnectorStorage s = d.storage();
    CloudStorageCore storage =
        new CloudStorageCore(
            s.storageType(),
            s.configuration(),
            s.sourcePath(),
            s.targetPath(),
            s.readonly(),
            connectors.sensitiveFields(d).stream()
                .map(io.renku.data.storage.StorageController::option)
                .toList());
    return new io.renku.api.data.model.DataConnector(
            d.id(),
            d.name(),
            d.slug(),
            storage,
            d.creationDate(),
            d.createdBy(),
            Visibility.fromValue(d.visibility().value()),
            d.etag())
        .namespace(d.namespacePath())
        .description(d.description())
        .keywords(d.keywords())
        .doi(d.doi())
        .publisherName(d.publisherName())
        .publisherUrl(d.publisherUrl());
  }

  private DataConnectorToProjectLink linkDto(DataConnectorLink l) {
    return new DataConnectorToProjectLink(
        l.id(), l.dataConnectorId(), l.projectId(), l.creationDate(), l.createdBy());
  }

  private io.renku.api.data.model.DataConnectorSecret secretDto(DataConnectorSecret s) {
    return new io.renku.api.data.model.DataConnectorSecret(s.name(), s.secretId());
  }
}

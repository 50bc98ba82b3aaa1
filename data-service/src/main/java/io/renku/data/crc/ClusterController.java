package io.renku.data.crc;

import io.renku.api.data.api.ClustersApi;
import io.renku.api.data.model.ClusterPatch;
import io.renku.api.data.model.ClusterWithId;
import io.renku.api.data.model.SessionProtocol;
import io.renku.data.web.CurrentUser;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /clusters}: remote clusters resource pools may run their sessions on. */
@RestController
public class ClusterController implements ClustersApi {
  private final ClusterService clusters;
  private final CurrentUser currentUser;

  public ClusterController(ClusterService clusters, CurrentUser currentUser) {
    this.clusters = clusters;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<ClusterWithId>> listClusters() {
    return ResponseEntity.ok(
        clusters.list(currentUser.get()).stream().map(ClusterController::dto).toList());
  }

  @Override
  public ResponseEntity<ClusterWithId> createCluster(io.renku.api.data.model.Cluster body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(dto(clusters.create(currentUser.get(), draft(body))));
  }

  @Override
  public ResponseEntity<ClusterWithId> getCluster(String clusterId) {
    return ResponseEntity.ok(dto(clusters.get(currentUser.get(), clusterId)));
  }

  @Override
  public ResponseEntity<ClusterWithId> replaceCluster(
      String clusterId, io.renku.api.data.model.Cluster body) {
    return ResponseEntity.ok(dto(clusters.update(currentUser.get(), clusterId, draft(body), true)));
  }

  @Override
  public ResponseEntity<ClusterWithId> updateCluster(String clusterId, ClusterPatch b) {
    var draft =
        new ClusterService.ClusterDraft(
            b.getName(),
            b.getConfigName(),
            b.getSessionProtocol() == null ? null : b.getSessionProtocol().getValue(),
            b.getSessionHost(),
            b.getSessionPort(),
            b.getSessionPath(),
            b.getSessionIngressClassName(),
            b.getSessionIngressAnnotations(),
            b.getSessionTlsSecretName(),
            b.getSessionStorageClass(),
            b.getServiceAccountName(),
            b.getSessionIngressUseDefaultClusterTlsCert());
    return ResponseEntity.ok(dto(clusters.update(currentUser.get(), clusterId, draft, false)));
  }

  @Override
  public ResponseEntity<Void> deleteCluster(String clusterId) {
    clusters.delete(currentUser.get(), clusterId);
    return ResponseEntity.noContent().build();
  }

  private static ClusterService.ClusterDraft draft(io.renku.api.data.model.Cluster b) {
    return new ClusterService.ClusterDraft(
        b.getName(),
        b.getConfigName(),
        b.getSessionProtocol() == null ? null : b.getSessionProtocol().getValue(),
        b.getSessionHost(),
        b.getSessionPort(),
        b.getSessionPath(),
        b.getSessionIngressClassName(),
        b.getSessionIngressAnnotations(),
        b.getSessionTlsSecretName(),
        b.getSessionStorageClass(),
        b.getServiceAccountName(),
        b.getSessionIngressUseDefaultClusterTlsCert());
  }

  static ClusterWithId dto(Cluster c) {
    var dto =
        new ClusterWithId(
            c.id(),
            c.name(),
            c.configName(),
            SessionProtocol.fromValue(c.sessionProtocol()),
            c.sessionHost(),
            c.sessionPort(),
            c.sessionPath(),
            new LinkedHashMap<>(c.sessionIngressAnnotations()),
            c.useDefaultClusterTlsCert());
    dto.setSessionIngressClassName(c.sessionIngressClassName());
    dto.setSessionTlsSecretName(c.sessionTlsSecretName());
    dto.setSessionStorageClass(c.sessionStorageClass());
    dto.setServiceAccountName(c.serviceAccountName());
    return dto;
  }
}

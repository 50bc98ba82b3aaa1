package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.DataSource;
import io.renku.session.crd.DataSourceType;
import io.renku.session.crd.SessionLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PVCs of the {@code dataSources}, as the original's {@code DataSources()}: one claim {@code
 * amalthea-<name>-ds-<i>} per rclone source in the csi-rclone storage class ({@code
 * RCLONE_STORAGE_CLASS}), 1Gi, the source's access mode, and the annotation {@value
 * #SECRET_ANNOTATION} naming the secret the csi-rclone driver reads the rclone configuration from;
 * each mounted into the session container at the source's {@code mountPath}, read-only for {@code
 * ReadOnlyMany}. Remote sessions get none.
 */
final class DataSourceClaims {

  static final String SECRET_ANNOTATION = "csi-rclone.dev/secretName";
  static final String DEFAULT_ACCESS_MODE = "ReadOnlyMany";
  static final String DEFAULT_MOUNT_PATH = "data";

  record Parts(List<PersistentVolumeClaim> claims, List<Volume> volumes, List<VolumeMount> mounts) {
    static final Parts NONE = new Parts(List.of(), List.of(), List.of());
  }

  private DataSourceClaims() {}

  static String claimName(String sessionName, int index) {
    return "amalthea-" + sessionName + "-ds-" + index;
  }

  static Parts of(AmaltheaSession session, OperatorSettings settings) {
    AmaltheaSessionSpec spec = session.getSpec();
    if (spec.location() == SessionLocation.REMOTE || spec.dataSources() == null) {
      return Parts.NONE;
    }
    String name = session.getMetadata().getName();
    List<PersistentVolumeClaim> claims = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    for (int i = 0; i < spec.dataSources().size(); i++) {
      DataSource ds = spec.dataSources().get(i);
      if (ds.type() != null && ds.type() != DataSourceType.RCLONE) {
        continue;
      }
      String claim = claimName(name, i);
      String accessMode =
          ds.accessMode() == null || ds.accessMode().isEmpty()
              ? DEFAULT_ACCESS_MODE
              : ds.accessMode();
      boolean readOnly = DEFAULT_ACCESS_MODE.equals(accessMode);
      Map<String, String> annotations =
          new TreeMap<>(DesiredChildren.templateMetadata(spec).annotations());
      annotations.put(SECRET_ANNOTATION, ds.secretRef().name());
      claims.add(
          new PersistentVolumeClaimBuilder()
              .withMetadata(DesiredChildren.metadata(session, claim, annotations))
              .withNewSpec()
              .withAccessModes(accessMode)
              .withNewResources()
              .withRequests(new TreeMap<>(Map.of("storage", new Quantity("1Gi"))))
              .endResources()
              .withStorageClassName(settings.rcloneStorageClass())
              .endSpec()
              .build());
      volumes.add(
          new VolumeBuilder()
              .withName(claim)
              .withNewPersistentVolumeClaim()
              .withClaimName(claim)
              .withReadOnly(readOnly ? true : null)
              .endPersistentVolumeClaim()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(claim)
              .withReadOnly(readOnly ? true : null)
              .withMountPath(
                  ds.mountPath() == null || ds.mountPath().isEmpty()
                      ? DEFAULT_MOUNT_PATH
                      : ds.mountPath())
              .build());
    }
    return new Parts(claims, volumes, mounts);
  }
}

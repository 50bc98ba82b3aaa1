package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.CodeRepository;
import io.renku.session.crd.Session;
import io.renku.session.crd.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * One init container {@code git-clone-<i>} per code repository, as the original's {@code
 * cloneInit()}: the sidecars image with its own entrypoint and the arguments {@code cloner clone
 * --strategy notifexist --remote <url> --path <mountPath>/<clonePath> [--config
 * /git-clone-secrets/<key>] [--revision <rev>]}, run as the session's user and group in the session
 * volume.
 *
 * <p>The original gives each clone container the credential mounts of all repositories before it
 * (its slice of mounts grows across the loop), all at {@code /git-clone-secrets}. With one
 * repository with credentials that is what this class writes too; with several, the original's pod
 * would have duplicate mount paths and be refused, so here a container mounts only the most recent
 * credentials (decision 0024).
 */
final class CloneContainers {

  static final String SECRETS_PATH = "/git-clone-secrets";

  record Parts(List<Container> containers, List<Volume> volumes) {}

  private CloneContainers() {}

  static Parts of(AmaltheaSessionSpec spec, String sidecarsImage) {
    Session session = spec.session();
    Storage storage = session.storage() == null ? new Storage(null, null, null) : session.storage();
    String mountPath = storage.mountPathOrDefault();
    List<CodeRepository> repos =
        spec.codeRepositories() == null ? List.of() : spec.codeRepositories();
    List<Container> containers = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    VolumeMount credentials = null;
    for (int i = 0; i < repos.size(); i++) {
      CodeRepository repo = repos.get(i);
      String clonePath =
          repo.clonePath() == null || repo.clonePath().isEmpty() ? "." : repo.clonePath();
      List<String> args = new ArrayList<>();
      args.addAll(List.of("cloner", "clone", "--strategy", "notifexist"));
      args.addAll(List.of("--remote", repo.remote()));
      args.addAll(List.of("--path", mountPath + "/" + clonePath));
      if (repo.cloningConfigSecretRef() != null) {
        String volume = "amalthea-git-clone-cred-volume-" + i;
        volumes.add(
            new VolumeBuilder()
                .withName(volume)
                .withNewSecret()
                .withSecretName(repo.cloningConfigSecretRef().name())
                .endSecret()
                .build());
        credentials = new VolumeMountBuilder().withName(volume).withMountPath(SECRETS_PATH).build();
        args.addAll(List.of("--config", SECRETS_PATH + "/" + repo.cloningConfigSecretRef().key()));
      }
      if (repo.revision() != null && !repo.revision().isEmpty()) {
        args.addAll(List.of("--revision", repo.revision()));
      }
      List<VolumeMount> mounts = new ArrayList<>();
      mounts.add(
          new VolumeMountBuilder()
              .withName(DesiredChildren.SESSION_VOLUME)
              .withMountPath(mountPath)
              .build());
      if (credentials != null) {
        mounts.add(credentials);
      }
      containers.add(
          new ContainerBuilder()
              .withName("git-clone-" + i)
              .withImage(sidecarsImage)
              .withVolumeMounts(mounts)
              .withWorkingDir(mountPath)
              .withNewSecurityContext()
              .withRunAsUser(session.runAsUserOrDefault())
              .withRunAsGroup(session.runAsGroupOrDefault())
              .withNewCapabilities()
              .withDrop("ALL")
              .endCapabilities()
              .endSecurityContext()
              .withArgs(args)
              .build());
    }
    return new Parts(containers, volumes);
  }
}

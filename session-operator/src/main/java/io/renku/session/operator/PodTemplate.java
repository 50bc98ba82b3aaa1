package io.renku.session.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.renku.session.crd.AmaltheaSession;
import io.renku.session.crd.AmaltheaSessionSpec;
import io.renku.session.crd.ReadinessProbeType;
import io.renku.session.crd.Session;
import io.renku.session.crd.SessionLocation;
import io.renku.session.crd.Storage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The session pod, as the original's {@code Pod()}, {@code SessionVolumes()}, {@code
 * sessionContainerLocal()}, {@code sessionContainerRemote()} and {@code tunnelContainer()}.
 *
 * <p>Order matters to the kubelet only for init containers, but it is kept as in the original so
 * that a StatefulSet it created is not rewritten for nothing: volumes are the session volume,
 * {@code /dev/shm}, the clone credentials, {@code extraVolumes}, the data sources, the
 * authentication volume; containers are the session, the authentication containers, the tunnel
 * (remote only), {@code extraContainers}; init containers the clones, then {@code initContainers}.
 */
final class PodTemplate {

  static final String TUNNEL_CONTAINER = "tunnel";
  static final String TUNNEL_PORT_NAME = "amalthea-tunnel";
  static final int TUNNEL_PORT = 65531;
  static final int REMOTE_CONTROLLER_PORT = 65532;
  static final String TUNNEL_SECRET_KEY = "WSTUNNEL_SECRET";

  private PodTemplate() {}

  static PodSpec podSpec(AmaltheaSession session, OperatorSettings settings) {
    AmaltheaSessionSpec spec = session.getSpec();
    Session s = spec.session();
    Storage storage = s.storage() == null ? new Storage(null, null, null) : s.storage();
    var dataSources = DataSourceClaims.of(session, settings);
    var clones = CloneContainers.of(spec, settings.sidecarsImage());
    var auth = AuthContainers.of(spec, settings);

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(DesiredChildren.SESSION_VOLUME)
            .withNewPersistentVolumeClaim()
            .withClaimName(session.getMetadata().getName())
            .endPersistentVolumeClaim()
            .build());
    mounts.add(mount(DesiredChildren.SESSION_VOLUME, storage.mountPathOrDefault()));
    if (s.shmSize() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(DesiredChildren.SHM_VOLUME)
              .withNewEmptyDir()
              .withMedium("Memory")
              .withSizeLimit(s.shmSize())
              .endEmptyDir()
              .build());
      mounts.add(mount(DesiredChildren.SHM_VOLUME, "/dev/shm"));
    }
    volumes.addAll(clones.volumes());
    volumes.addAll(orEmpty(spec.extraVolumes()));
    volumes.addAll(dataSources.volumes());
    volumes.addAll(auth.volumes());
    mounts.addAll(orEmpty(s.extraVolumeMounts()));
    mounts.addAll(dataSources.mounts());

    boolean remote = spec.location() == SessionLocation.REMOTE;
    List<Container> containers = new ArrayList<>();
    containers.add(
        remote
            ? remoteSessionContainer(session, mounts, settings.sidecarsImage())
            : sessionContainer(s, mounts));
    containers.addAll(auth.containers());
    if (remote) {
      containers.add(tunnelContainer(session, settings.sidecarsImage()));
    }
    containers.addAll(orEmpty(spec.extraContainers()));

    List<Container> initContainers = new ArrayList<>(clones.containers());
    initContainers.addAll(orEmpty(spec.initContainers()));

    return new PodSpecBuilder()
        .withServiceAccountName(spec.serviceAccountName())
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withFsGroup(s.runAsGroupOrDefault())
        .endSecurityContext()
        .withContainers(containers)
        .withInitContainers(initContainers)
        .withVolumes(volumes)
        .withTolerations(spec.tolerations())
        .withNodeSelector(spec.nodeSelector() == null ? null : new TreeMap<>(spec.nodeSelector()))
        .withAffinity(spec.affinity())
        .withPriorityClassName(spec.priorityClassName())
        .withImagePullSecrets(
            orEmpty(spec.imagePullSecrets()).stream()
                .map(ref -> new LocalObjectReference(ref.name()))
                .toList())
        .withTerminationGracePeriodSeconds(remote ? 60L : null)
        .build();
  }

  /**
   * The user's container. No {@code ports}: they are informational only, and the session port may
   * belong to another container.
   */
  private static Container sessionContainer(Session s, List<VolumeMount> mounts) {
    long uid = s.runAsUserOrDefault();
    return new ContainerBuilder()
        .withImage(s.image())
        .withName(DesiredChildren.SESSION_CONTAINER)
        .withImagePullPolicy(s.imagePullPolicyOrDefault())
        .withArgs(s.args())
        .withCommand(s.command())
        .withEnv(s.env())
        .withResources(s.resources())
        .withVolumeMounts(mounts)
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("File")
        .withWorkingDir(s.workingDir())
        .withReadinessProbe(readinessProbe(s))
        .withNewSecurityContext()
        .withRunAsNonRoot(uid != 0)
        .withRunAsUser(uid)
        .withRunAsGroup(s.runAsGroupOrDefault())
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  private static Probe readinessProbe(Session s) {
    ReadinessProbeType type = probeType(s);
    if (type == ReadinessProbeType.NONE) {
      return null;
    }
    ProbeBuilder probe =
        new ProbeBuilder().withSuccessThreshold(5).withPeriodSeconds(5).withInitialDelaySeconds(10);
    if (type == ReadinessProbeType.HTTP) {
      return probe
          .withNewHttpGet()
          .withPort(new IntOrString(s.portOrDefault()))
          .withPath(s.urlPathOrDefault())
          .endHttpGet()
          .build();
    }
    return probe
        .withNewTcpSocket()
        .withPort(new IntOrString(s.portOrDefault()))
        .endTcpSocket()
        .build();
  }

  private static ReadinessProbeType probeType(Session s) {
    return s.readinessProbe() == null || s.readinessProbe().type() == null
        ? ReadinessProbeType.TCP
        : s.readinessProbe().type();
  }

  /**
   * A remote session: the remote session controller (sidecars image) in place of the user's image,
   * which it starts elsewhere. The user's variables get the prefix {@code USER_ENV_} (except {@code
   * RENKU_*} and {@code RSC_*}); the controller's settings follow, with the session's CPU, memory
   * (MiB) and GPUs from the requests, or the limits.
   */
  private static Container remoteSessionContainer(
      AmaltheaSession session, List<VolumeMount> mounts, String image) {
    Session s = session.getSpec().session();
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar e : orEmpty(s.env())) {
      String name = e.getName();
      boolean keep = name.startsWith("RENKU_") || name.startsWith("RSC_");
      env.add(new EnvVarBuilder(e).withName(keep ? name : "USER_ENV_" + name).build());
    }
    env.add(new EnvVar("REMOTE_SESSION_IMAGE", s.image(), null));
    env.add(new EnvVar("RSC_SERVER_PORT", String.valueOf(REMOTE_CONTROLLER_PORT), null));
    env.add(new EnvVar("RSC_SESSION_PORT", String.valueOf(s.portOrDefault()), null));
    env.add(new EnvVar("RSC_SESSION_URL_PATH", s.urlPathOrDefault(), null));
    env.add(new EnvVar("RSC_READINESS_PROBE_TYPE", probeType(s).wireName(), null));
    env.add(
        new EnvVarBuilder()
            .withName("RSC_WSTUNNEL_SECRET")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(DesiredChildren.internalSecretName(session.getMetadata().getName()))
            .withKey(TUNNEL_SECRET_KEY)
            .endSecretKeyRef()
            .endValueFrom()
            .build());
    BigDecimal cpu = resourceValue(s.resources(), "cpu");
    BigDecimal memory = resourceValue(s.resources(), "memory");
    BigDecimal gpus = resourceValue(s.resources(), "nvidia.com/gpu");
    env.add(new EnvVar("RSC_SESSION_CPU", wholeUnits(cpu, BigDecimal.ONE), null));
    env.add(new EnvVar("RSC_SESSION_MEMORY", mebibytes(memory), null));
    env.add(new EnvVar("RSC_SESSION_GPUS", wholeUnits(gpus, BigDecimal.ONE), null));
    ContainerBuilder c =
        new ContainerBuilder()
            .withImage(image)
            .withName(DesiredChildren.SESSION_CONTAINER)
            .withSecurityContext(SidecarResources.restricted())
            .withArgs("remote-session-controller", "run")
            .withEnv(env)
            .withResources(SidecarResources.remote())
            .withVolumeMounts(mounts)
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("File")
            .addNewPort()
            .withName(DesiredChildren.SERVICE_PORT_NAME)
            .withContainerPort(REMOTE_CONTROLLER_PORT)
            .endPort()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPort(new IntOrString(REMOTE_CONTROLLER_PORT))
            .withPath("/live")
            .endHttpGet()
            .withPeriodSeconds(1)
            .withInitialDelaySeconds(10)
            .endLivenessProbe()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPort(new IntOrString(REMOTE_CONTROLLER_PORT))
            .withPath("/ready")
            .endHttpGet()
            .withSuccessThreshold(5)
            .withPeriodSeconds(5)
            .withInitialDelaySeconds(10)
            .endReadinessProbe();
    if (s.remoteSecretRef() != null) {
      c.addNewEnvFrom()
          .withNewSecretRef()
          .withName(s.remoteSecretRef().name())
          .endSecretRef()
          .endEnvFrom();
    }
    return c.build();
  }

  /** The websocket tunnel a remote session connects back through. */
  private static Container tunnelContainer(AmaltheaSession session, String image) {
    return new ContainerBuilder()
        .withImage(image)
        .withName(TUNNEL_CONTAINER)
        .withSecurityContext(SidecarResources.restricted())
        .withArgs("tunnel", "listen")
        .addNewEnv()
        .withName("WSTUNNEL_PORT")
        .withValue(String.valueOf(TUNNEL_PORT))
        .endEnv()
        .addNewEnv()
        .withName(TUNNEL_SECRET_KEY)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(DesiredChildren.internalSecretName(session.getMetadata().getName()))
        .withKey(TUNNEL_SECRET_KEY)
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withResources(SidecarResources.remote())
        .addNewPort()
        .withName(TUNNEL_PORT_NAME)
        .withContainerPort(TUNNEL_PORT)
        .endPort()
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withPort(new IntOrString(TUNNEL_PORT))
        .endTcpSocket()
        .withSuccessThreshold(3)
        .withPeriodSeconds(1)
        .withInitialDelaySeconds(5)
        .endReadinessProbe()
        .build();
  }

  /** The request of {@code name}, or else its limit; null when neither is set or both are zero. */
  static BigDecimal resourceValue(ResourceRequirements resources, String name) {
    if (resources == null) {
      return null;
    }
    for (Map<String, Quantity> list : new Map[] {resources.getRequests(), resources.getLimits()}) {
      Quantity q = list == null ? null : list.get(name);
      if (q != null) {
        BigDecimal amount = Quantity.getAmountInBytes(q);
        if (amount.signum() != 0) {
          return amount;
        }
      }
    }
    return null;
  }

  /** Rounded up to whole units, as the original's {@code Quantity.Value()}; empty for none. */
  private static String wholeUnits(BigDecimal value, BigDecimal unit) {
    return value == null ? "" : value.divide(unit, 0, RoundingMode.CEILING).toPlainString();
  }

  /** Whole bytes (rounded up), then whole MiB (rounded down), as the original computes them. */
  private static String mebibytes(BigDecimal bytes) {
    if (bytes == null) {
      return "";
    }
    BigDecimal whole = bytes.setScale(0, RoundingMode.CEILING);
    return whole.divide(BigDecimal.valueOf(1024L * 1024L), 0, RoundingMode.DOWN).toPlainString();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}

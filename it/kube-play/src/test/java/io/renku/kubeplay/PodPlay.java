package io.renku.kubeplay;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.renku.data.session.runtime.container.Podman;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plays the pod of a session StatefulSet, as the operator wrote it, on this machine's podman with
 * {@code podman kube play}: the stand-in for a kubelet, since no Kubernetes API server can run
 * here.
 *
 * <p>What a kubelet would do that podman 4.3 does not is done here before playing, and nothing else
 * is changed:
 *
 * <ul>
 *   <li>Secret volumes, {@code secretKeyRef} variables and {@code envFrom} secrets: podman 4.3
 *       crashes on secret volumes, so each Secret's data is written to a directory (files 0644,
 *       like a Secret's default mode) that is mounted as a {@code hostPath}; variables get the
 *       value itself.
 *   <li>Claims (the operator's PVC children, or a StatefulSet's claim templates) become named
 *       podman volumes; claim templates are named ({@code <prefix>-<claim>}), which outlive the pod
 *       as a PVC outlives its pod.
 *   <li>Every container port and every probe port is published on 127.0.0.1 at a free port, since
 *       there is no Service; {@link #hostPort} says where.
 *   <li>Init containers run at every start of the pod (podman's {@code always} type), which is what
 *       a kubelet does when a pod is recreated; podman's default ({@code once}) races with its own
 *       removal of the finished container in 4.3.
 *   <li>Image pull policies become {@code IfNotPresent}: no registry is reachable here, the images
 *       are built or loaded into the engine beforehand (as a node's image cache would hold them).
 *   <li>Scheduling fields (service account, priority class, tolerations, affinity, node selector)
 *       are dropped: there is one node.
 * </ul>
 *
 * Readiness probes are not run by podman 4.3; {@link #ready} runs a container's HTTP readiness
 * probe the way a kubelet would.
 */
final class PodPlay implements AutoCloseable {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final Podman podman;
  private final Path dir;
  private final String podName;
  private final Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
  private final List<String> volumes = new ArrayList<>();
  private Pod pod;

  PodPlay(Podman podman, Path dir, String podName) {
    this.podman = podman;
    this.dir = dir;
    this.podName = podName;
  }

  /** The pod podman plays for {@code statefulSet}, with {@code secrets} as files and values. */
  Pod toPod(StatefulSet statefulSet, List<Secret> secrets) {
    Map<String, Map<String, byte[]>> data = new HashMap<>();
    for (Secret s : secrets) {
      Map<String, byte[]> values = new LinkedHashMap<>();
      if (s.getData() != null) {
        s.getData().forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v)));
      }
      if (s.getStringData() != null) {
        s.getStringData().forEach((k, v) -> values.put(k, v.getBytes(StandardCharsets.UTF_8)));
      }
      data.put(s.getMetadata().getName(), values);
    }
    var template = statefulSet.getSpec().getTemplate();
    PodSpec spec = YAML.clone(template.getSpec());
    spec.setServiceAccountName(null);
    spec.setServiceAccount(null);
    spec.setPriorityClassName(null);
    spec.setTolerations(null);
    spec.setAffinity(null);
    spec.setNodeSelector(null);
    spec.setAutomountServiceAccountToken(null);
    spec.setEnableServiceLinks(null);
    spec.setImagePullSecrets(null);

    List<Volume> played = new ArrayList<>();
    for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
      if (v.getSecret() != null) {
        Map<String, byte[]> values = data.get(v.getSecret().getSecretName());
        Objects.requireNonNull(values, "no secret " + v.getSecret().getSecretName());
        Path secretDir = writeSecret(v.getName(), values, v.getSecret().getItems());
        Volume hostPath = new Volume();
        hostPath.setName(v.getName());
        hostPath.setHostPath(new HostPathVolumeSource(secretDir.toString(), "Directory"));
        played.add(hostPath);
      } else {
        if (v.getPersistentVolumeClaim() != null) {
          // A claim the operator made as its own child: podman makes a named volume of it.
          volumes.add(v.getPersistentVolumeClaim().getClaimName());
        }
        played.add(v);
      }
    }
    List<PersistentVolumeClaim> claims = statefulSet.getSpec().getVolumeClaimTemplates();
    for (PersistentVolumeClaim claim : claims == null ? List.<PersistentVolumeClaim>of() : claims) {
      String volume = podName + "-" + claim.getMetadata().getName();
      volumes.add(volume);
      Volume v = new Volume();
      v.setName(claim.getMetadata().getName());
      v.setPersistentVolumeClaim(new PersistentVolumeClaimVolumeSource(volume, false));
      played.add(v);
    }
    spec.setVolumes(played);

    List<Container> all = new ArrayList<>(spec.getContainers());
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    for (Container c : all) {
      c.setImagePullPolicy("IfNotPresent");
      if (c.getEnvFrom() != null) {
        List<EnvVar> env = new ArrayList<>();
        for (var from : c.getEnvFrom()) {
          if (from.getSecretRef() == null) {
            throw new IllegalArgumentException("only secret envFrom is played: " + from);
          }
          Map<String, byte[]> values = data.get(from.getSecretRef().getName());
          Objects.requireNonNull(values, "no secret " + from.getSecretRef().getName());
          String prefix = from.getPrefix() == null ? "" : from.getPrefix();
          values.forEach(
              (k, v) ->
                  env.add(new EnvVar(prefix + k, new String(v, StandardCharsets.UTF_8), null)));
        }
        if (c.getEnv() != null) {
          env.addAll(c.getEnv()); // env wins over envFrom, as in Kubernetes: podman keeps the last
        }
        c.setEnv(env);
        c.setEnvFrom(null);
      }
      if (c.getEnv() != null) {
        for (EnvVar e : c.getEnv()) {
          if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
            var ref = e.getValueFrom().getSecretKeyRef();
            byte[] value = data.getOrDefault(ref.getName(), Map.of()).get(ref.getKey());
            Objects.requireNonNull(value, "no key " + ref.getKey() + " in secret " + ref.getName());
            e.setValueFrom(null);
            e.setValue(new String(value, StandardCharsets.UTF_8));
          }
        }
      }
    }
    for (Container c : spec.getContainers()) {
      List<Integer> ports = new ArrayList<>();
      if (c.getPorts() != null) {
        c.getPorts().forEach(p -> ports.add(p.getContainerPort()));
      }
      for (Probe probe : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe()}) {
        if (probe != null && probe.getHttpGet() != null) {
          Integer port = probe.getHttpGet().getPort().getIntVal();
          if (port != null && !ports.contains(port)) {
            ports.add(port);
          }
        }
      }
      List<ContainerPort> published = new ArrayList<>();
      for (int port : ports) {
        int host = hostPorts.computeIfAbsent(port, p -> freePort());
        ContainerPort cp = new ContainerPort();
        cp.setContainerPort(port);
        cp.setHostPort(host);
        cp.setHostIP("127.0.0.1");
        cp.setProtocol("TCP");
        published.add(cp);
      }
      c.setPorts(published);
      // podman 4.3 turns a liveness probe into a health check that restarts nothing here; the
      // probes stay in the YAML for the record and ready() runs the readiness probe.
    }

    Pod p = new Pod();
    p.setApiVersion("v1");
    p.setKind("Pod");
    var meta = YAML.clone(template.getMetadata());
    meta.setName(podName);
    Map<String, String> annotations =
        meta.getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(meta.getAnnotations());
    annotations.put("io.podman.annotations.init.container.type", "always");
    meta.setAnnotations(annotations);
    p.setMetadata(meta);
    p.setSpec(spec);
    return p;
  }

  /** Plays {@code pod} (and starts it). */
  void play(Pod pod) {
    this.pod = pod;
    Path file = dir.resolve(podName + ".yaml");
    try {
      Files.writeString(file, YAML.asYaml(pod));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var r = podman.exec(List.of("kube", "play", "--quiet", file.toString()), TIMEOUT);
    if (!r.ok()) {
      // podman names the init container that failed only by id: show every container's logs.
      StringBuilder logs = new StringBuilder();
      List<Container> all = new ArrayList<>();
      if (pod.getSpec().getInitContainers() != null) {
        all.addAll(pod.getSpec().getInitContainers());
      }
      all.addAll(pod.getSpec().getContainers());
      for (Container c : all) {
        logs.append("\n--- ").append(c.getName()).append(":\n").append(logs(c.getName()));
      }
      throw new IllegalStateException("podman kube play failed: " + r.stderr() + logs);
    }
  }

  /** Stops the pod, keeping its containers and volumes (a node losing the pod, PVCs kept). */
  void stop() {
    run("pod", "stop", "--time", "2", podName);
  }

  /** Starts a stopped pod again: init containers run again, as in a recreated pod. */
  void start() {
    run("pod", "start", podName);
  }

  /** Where container port {@code port} is published on 127.0.0.1. */
  int hostPort(int port) {
    Integer host = hostPorts.get(port);
    if (host == null) {
      throw new IllegalArgumentException("port " + port + " is not published: " + hostPorts);
    }
    return host;
  }

  /**
   * Whether {@code container}'s HTTP readiness probe passes now, asked the way a kubelet asks it (a
   * GET of its path on its port; 200–399 is ready).
   */
  boolean ready(String container) {
    Container c =
        pod.getSpec().getContainers().stream()
            .filter(x -> x.getName().equals(container))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no container " + container));
    Probe probe = c.getReadinessProbe();
    if (probe == null || probe.getHttpGet() == null) {
      throw new IllegalStateException(container + " has no HTTP readiness probe");
    }
    String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
    URI uri =
        URI.create("http://127.0.0.1:" + hostPort(probe.getHttpGet().getPort().getIntVal()) + path);
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      int status =
          http.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      return status >= 200 && status < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The played pod (after the conversions). */
  Pod pod() {
    return pod;
  }

  /** One container's state as podman says it: {@code running}, {@code exited}, ... */
  String state(String container) {
    return run("inspect", "--format", "{{.State.Status}}", podName + "-" + container).strip();
  }

  /** One container's exit code. */
  int exitCode(String container) {
    return Integer.parseInt(
        run("inspect", "--format", "{{.State.ExitCode}}", podName + "-" + container).strip());
  }

  /** A container's logs, standard error included. */
  String logs(String container) {
    var r =
        podman.exec(
            List.of("logs", podName + "-" + container), TIMEOUT, null, null, Map.of(), true);
    return r.stdout();
  }

  /** Runs a command in a running container. */
  Podman.Result exec(String container, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", podName + "-" + container));
    args.addAll(List.of(command));
    return podman.exec(args, TIMEOUT);
  }

  @Override
  public void close() {
    podman.exec(List.of("pod", "rm", "--force", "--time", "0", podName), TIMEOUT);
    for (String v : volumes) {
      podman.exec(List.of("volume", "rm", "--force", v), TIMEOUT);
    }
  }

  private Path writeSecret(String volume, Map<String, byte[]> values, List<KeyToPath> items) {
    try {
      Path secretDir = dir.resolve("secret-" + volume);
      Files.createDirectories(secretDir);
      Files.setPosixFilePermissions(secretDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Map<String, String> paths = new LinkedHashMap<>();
      if (items == null || items.isEmpty()) {
        values.keySet().forEach(k -> paths.put(k, k));
      } else {
        items.forEach(i -> paths.put(i.getKey(), i.getPath()));
      }
      for (var entry : paths.entrySet()) {
        byte[] value = values.get(entry.getKey());
        Objects.requireNonNull(value, "no key " + entry.getKey() + " for volume " + volume);
        Path f = secretDir.resolve(entry.getValue());
        Files.createDirectories(f.getParent());
        Files.write(f, value);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
      return secretDir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String run(String... args) {
    var r = podman.exec(List.of(args), TIMEOUT);
    if (!r.ok()) {
      throw new IllegalStateException(
          "podman " + String.join(" ", args) + " failed: " + r.stderr() + r.stdout());
    }
    return r.stdout();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.renku.it.topology;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart rendered by Helm itself (helm-java) and each Deployment turned into what a kubelet
 * would run: its container's image, its environment with every {@code secretKeyRef}, {@code
 * configMapKeyRef} and {@code fieldRef} resolved from the rendered objects (and the Secrets the
 * operator makes before the install), its Secret volumes as files, its security context. A
 * reference to something the chart does not render fails here, as the pod would not start.
 */
final class ChartWorkloads {
  static final String NAMESPACE = "renku";
  static final String RELEASE = "renku";

  /** One Deployment's single container, ready to be run by podman. */
  record Workload(
      String component,
      String image,
      Map<String, String> env,
      Map<String, byte[]> files,
      List<Integer> ports,
      Long runAsUser,
      Long runAsGroup,
      boolean readOnlyRootFilesystem,
      boolean dropAllCapabilities,
      boolean noNewPrivileges,
      List<String> emptyDirMounts,
      String readinessPath,
      int readinessPort) {}

  private final List<HasMetadata> objects;
  private final Map<String, Secret> existingSecrets;

  private ChartWorkloads(List<HasMetadata> objects, List<Secret> existingSecrets) {
    this.objects = objects;
    this.existingSecrets = new LinkedHashMap<>();
    existingSecrets.forEach(s -> this.existingSecrets.put(s.getMetadata().getName(), s));
  }

  /**
   * Renders {@code chart} with {@code values} (YAML), as {@code helm template renku -n renku}.
   * Helm's lookup asks the cluster of {@code KUBECONFIG} (surefire points it at an answering fake).
   */
  static ChartWorkloads render(Path chart, String values, List<Secret> existingSecrets)
      throws Exception {
    Path file = Files.createTempFile("renku-topology-values", ".yaml");
    Files.writeString(file, values);
    String yaml =
        new Helm(chart)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.31.0")
            .withValuesFile(file)
            .call();
    Files.delete(file);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "rendered-topology.yaml"), yaml);
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      objects.add(serialization.unmarshal(doc, HasMetadata.class));
    }
    return new ChartWorkloads(objects, existingSecrets);
  }

  List<HasMetadata> objects() {
    return objects;
  }

  /** The Deployment {@code <release>-<component>}, resolved. */
  Workload workload(String component) {
    Deployment d = named(Deployment.class, RELEASE + "-" + component);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    if (pod.getContainers().size() != 1) {
      throw new IllegalStateException(component + ": expected one container");
    }
    Container c = pod.getContainers().getFirst();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      env.put(e.getName(), e.getValueFrom() == null ? e.getValue() : resolve(component, e));
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<String> emptyDirs = new ArrayList<>();
    for (VolumeMount m :
        c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
      Volume v =
          pod.getVolumes().stream()
              .filter(x -> x.getName().equals(m.getName()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException(component + ": no volume " + m));
      if (v.getEmptyDir() != null) {
        emptyDirs.add(m.getMountPath());
      } else if (v.getSecret() != null) {
        Secret s = secret(component, v.getSecret().getSecretName());
        for (KeyToPath item : v.getSecret().getItems()) {
          files.put(
              m.getMountPath() + "/" + item.getPath(), secretValue(component, s, item.getKey()));
        }
      } else {
        throw new IllegalStateException(component + ": volume kind not played here: " + v);
      }
    }
    PodSecurityContext podSecurity = pod.getSecurityContext();
    SecurityContext security = c.getSecurityContext();
    return new Workload(
        component,
        c.getImage(),
        env,
        files,
        c.getPorts() == null
            ? List.of()
            : c.getPorts().stream().map(ContainerPort::getContainerPort).toList(),
        podSecurity == null ? null : podSecurity.getRunAsUser(),
        podSecurity == null ? null : podSecurity.getRunAsGroup(),
        security != null && Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()),
        security != null
            && security.getCapabilities() != null
            && security.getCapabilities().getDrop().contains("ALL"),
        security != null && Boolean.FALSE.equals(security.getAllowPrivilegeEscalation()),
        emptyDirs,
        readiness(component, c).getPath(),
        readinessPort(component, c));
  }

  /** The HTTP readiness probe of a container: every deployable of the chart has one. */
  private static HTTPGetAction readiness(String component, Container c) {
    if (c.getReadinessProbe() == null || c.getReadinessProbe().getHttpGet() == null) {
      throw new IllegalStateException(component + ": no HTTP readiness probe");
    }
    return c.getReadinessProbe().getHttpGet();
  }

  private static int readinessPort(String component, Container c) {
    var port = readiness(component, c).getPort();
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return c.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    component
                        + ": the readiness probe's port "
                        + port.getStrVal()
                        + " is not declared"));
  }

  /**
   * The Service addresses in the chart's URLs, as podman has them: there are no Services (nor
   * kube-proxy) on a podman network, so {@code http://<service>[:<port>]} becomes {@code
   * http://<service>:<targetPort>}, the container (network alias = Service name) listening there.
   */
  Map<String, String> withServiceAddressesOfPodman(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          String value = v;
          for (Service s : all(Service.class)) {
            for (ServicePort p : s.getSpec().getPorts()) {
              int target = targetPort(s, p);
              String port = p.getPort() == 80 ? "(:80)?" : ":" + p.getPort();
              Matcher m =
                  Pattern.compile(
                          "http://" + Pattern.quote(s.getMetadata().getName()) + port + "(?=/|$)")
                      .matcher(value);
              value =
                  m.replaceAll(
                      Matcher.quoteReplacement(
                          "http://" + s.getMetadata().getName() + ":" + target));
            }
          }
          out.put(k, value);
        });
    return out;
  }

  /** The Service names of the chart, each the network alias of the container behind it. */
  Optional<String> serviceOf(String component) {
    String name = RELEASE + "-" + component;
    return all(Service.class).stream()
        .map(s -> s.getMetadata().getName())
        .filter(name::equals)
        .findFirst();
  }

  private int targetPort(Service s, ServicePort p) {
    if (p.getTargetPort() == null) {
      return p.getPort();
    }
    if (p.getTargetPort().getIntVal() != null) {
      return p.getTargetPort().getIntVal();
    }
    // A named port: the one of the Deployment the Service selects.
    String portName = p.getTargetPort().getStrVal();
    Map<String, String> selector = s.getSpec().getSelector();
    return all(Deployment.class).stream()
        .filter(
            d ->
                d.getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getLabels()
                    .entrySet()
                    .containsAll(selector.entrySet()))
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .flatMap(c -> c.getPorts().stream())
        .filter(cp -> portName.equals(cp.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Service " + s.getMetadata().getName() + ": no pod port named " + portName));
  }

  private String resolve(String component, EnvVar e) {
    EnvVarSource from = e.getValueFrom();
    if (from.getSecretKeyRef() != null) {
      Secret s = secret(component, from.getSecretKeyRef().getName());
      return new String(
          secretValue(component, s, from.getSecretKeyRef().getKey()), StandardCharsets.UTF_8);
    }
    if (from.getConfigMapKeyRef() != null) {
      ConfigMap cm = named(ConfigMap.class, from.getConfigMapKeyRef().getName());
      String v = cm.getData() == null ? null : cm.getData().get(from.getConfigMapKeyRef().getKey());
      if (v == null) {
        throw new IllegalStateException(
            component
                + ": ConfigMap "
                + cm.getMetadata().getName()
                + " has no key "
                + from.getConfigMapKeyRef().getKey()
                + " (env "
                + e.getName()
                + ")");
      }
      return v;
    }
    if (from.getFieldRef() != null) {
      return switch (from.getFieldRef().getFieldPath()) {
        case "metadata.namespace" -> NAMESPACE;
        default ->
            throw new IllegalStateException(
                component + ": fieldRef not played here: " + from.getFieldRef().getFieldPath());
      };
    }
    throw new IllegalStateException(component + ": env source not played here: " + e);
  }

  private Secret secret(String component, String name) {
    Secret given = existingSecrets.get(name);
    if (given != null) {
      return given;
    }
    return all(Secret.class).stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    component + ": the Secret " + name + " is neither rendered nor made before"));
  }

  private static byte[] secretValue(String component, Secret s, String key) {
    if (s.getData() != null && s.getData().containsKey(key)) {
      return Base64.getDecoder().decode(s.getData().get(key));
    }
    if (s.getStringData() != null && s.getStringData().containsKey(key)) {
      return s.getStringData().get(key).getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalStateException(
        component + ": the Secret " + s.getMetadata().getName() + " has no key " + key);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException("no " + type.getSimpleName() + " " + name + " rendered"));
  }
}

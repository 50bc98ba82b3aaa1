package io.renku.data.session.runtime;

import io.renku.data.compute.NodeAffinity;
import io.renku.data.compute.Placement;
import io.renku.data.launcher.ReservedVariables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code AmaltheaSession} (and the Secret its authentication reads) for a session, as the
 * original data service writes them: a pure function of the spec and the settings, field for field
 * after {@code start_session} in {@code notebooks/core_sessions.py} and the helpers it calls
 * ({@code get_mount_work_dir}, {@code resources_from_resource_class}, {@code
 * _get_interactive_culling}, {@code get_auth_secret_authenticated}, {@code
 * get_auth_secret_anonymous}, {@code SessionIngress}, {@code node_affinity_from_resource_class},
 * {@code tolerations_from_resource_class}). Written as plain maps, not through the typed model of
 * {@code session-crd}, so that it says exactly what is sent (the model drops or adds defaults).
 *
 * <p>Where it differs from the original, and why, is decision 0023.
 */
public final class AmaltheaSessionManifest {
  /** The label {@link KubernetesRuntime#names()} lists sessions by. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "renku-data-service";

  /** The key of the authentication Secret that holds the proxy's configuration. */
  public static final String AUTH_KEY = "auth";

  /** The key of the same Secret with the addresses oauth2-proxy lets in. */
  public static final String EMAILS_KEY = "authorized_emails";

  private static final String EMAILS_VOLUME = "renku-authorized-emails";
  private static final String EMAILS_PATH = "/authorized_emails";

  private AmaltheaSessionManifest() {}

  /** The volume of the session's secret files, as the original names its volume. */
  static final String SECRETS_VOLUME = "user-secrets-volume";

  /**
   * What is written for one session.
   *
   * @param dataSourceSecrets Secret name → its data, one per data connector: the rclone
   *     configuration without the sensitive options ({@code remote}, {@code remotePath}, {@code
   *     configData}), which the csi-rclone driver reads with {@code <name>-secrets}, the Secret the
   *     secrets service writes with the sensitive ones
   */
  public record Written(
      Map<String, Object> session,
      Map<String, String> authSecretData,
      Map<String, Map<String, String>> dataSourceSecrets) {

    public Written(Map<String, Object> session, Map<String, String> authSecretData) {
      this(session, authSecretData, Map.of());
    }
  }

  /** The mount and working directories, as {@code get_mount_work_dir} settles them. */
  public record Directories(String mount, String work) {}

  /**
   * The manifests for a new session.
   *
   * @param cookieSecret the random secret oauth2-proxy signs its cookie with (logged-in users)
   */
  public static Written of(SessionSpec spec, KubernetesSettings settings, String cookieSecret) {
    return of(spec, settings, cookieSecret, List.of());
  }

  /** The Secret with a session's git credentials ({@link SessionGitCredentials#secretData}). */
  public static String gitSecretName(String sessionName) {
    return sessionName + "-git";
  }

  static final String GIT_VOLUME = "renku-git";
  static final String GIT_STATE_VOLUME = "renku-git-state";

  /**
   * The manifests for a new session, with the owner's git credentials for the hosts of {@code
   * gitGrants} (decision 0040): the Secret {@link #gitSecretName} (written by the runtime)
   * read-only at {@link SessionGitCredentials#MOUNT_PATH}, an {@code emptyDir} for the rotated
   * token, and git's configuration in the session's variables.
   */
  public static Written of(
      SessionSpec spec,
      KubernetesSettings settings,
      String cookieSecret,
      List<SessionGitCredentials.Grant> gitGrants) {
    return of(spec, settings, cookieSecret, gitGrants, Set.of());
  }

  /**
   * The same, where the grants of {@code clonedWith} (connection ids) also give the operator's
   * first clone its credentials: the repositories on their hosts name the key {@link
   * SessionGitCredentials#cloneConfigKey} of the Secret {@link #gitSecretName} ({@code
   * cloningConfigSecretRef}).
   */
  public static Written of(
      SessionSpec spec,
      KubernetesSettings settings,
      String cookieSecret,
      List<SessionGitCredentials.Grant> gitGrants,
      Set<String> clonedWith) {
    LaunchContext context = contextOf(spec);
    Directories dirs = directories(spec);
    String urlPath = spec.basePath(); // /sessions/<name>: the ingress path prefix
    String baseUrl = settings.scheme() + "://" + settings.ingressHost() + urlPath;

    Map<String, String> annotations = new LinkedHashMap<>();
    for (String key :
        List.of(
            "renku.io/project_id",
            "renku.io/launcher_id",
            "renku.io/resource_class_id",
            "renku.io/resource_pool_id")) {
      if (spec.annotations().containsKey(key)) {
        annotations.put(key, spec.annotations().get(key));
      }
    }
    spec.annotations().forEach(annotations::putIfAbsent);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("renku.io/safe-username", safeLabel(spec.ownerId()));
    labels.put("renku.io/session-type", "interactive");
    if (context.anonymous()) {
      labels.put("renku.io/anonymous-session", "true");
    }

    Map<String, Object> metadataLabels = new LinkedHashMap<>(labels);
    metadataLabels.put(MANAGED_BY, MANAGER);
    Map<String, Object> metadataAnnotations = new LinkedHashMap<>(annotations);
    metadataAnnotations.put("renku.io/user_id", spec.ownerId());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", spec.name());
    metadata.put("namespace", settings.namespace());
    metadata.put("labels", metadataLabels);
    metadata.put("annotations", metadataAnnotations);

    Map<String, Object> secretRef = new LinkedHashMap<>();
    secretRef.put("name", spec.name());
    secretRef.put("key", AUTH_KEY);
    secretRef.put("adopt", true);
    Map<String, Object> authentication = new LinkedHashMap<>();
    authentication.put("enabled", true); // as the original writes it (the default)
    List<Object> authMounts = new ArrayList<>();
    List<Object> extraVolumes = new ArrayList<>();
    Map<String, String> secretData = new LinkedHashMap<>();
    if (context.anonymous()) {
      authentication.put("type", "token");
      secretData.put(AUTH_KEY, AuthProxyConfig.token(spec.ownerId(), settings.anonymousCookie()));
    } else {
      authentication.put("type", "oauth2proxy");
      secretData.put(
          AUTH_KEY, AuthProxyConfig.oauth2Proxy(settings.oidc(), baseUrl, urlPath, cookieSecret));
      secretData.put(EMAILS_KEY, context.email() == null ? "" : context.email());
      authMounts.add(map("name", EMAILS_VOLUME, "mountPath", EMAILS_PATH, "subPath", EMAILS_KEY));
      extraVolumes.add(
          map(
              "name",
              EMAILS_VOLUME,
              "secret",
              map(
                  "secretName",
                  spec.name(),
                  "items",
                  List.of(map("key", EMAILS_KEY, "path", EMAILS_KEY)))));
    }
    authentication.put("secretRef", secretRef);
    authentication.put("extraVolumeMounts", authMounts);

    // the project's session secrets: the Secret the secrets service writes (the values readable by
    // the session's group, the pod's fsGroup), read-only at the secrets directory; optional, so
    // that
    // a session whose secrets could not be delivered still starts (decision 0033)
    List<Object> sessionMounts = new ArrayList<>();
    SessionMounts mounts = spec.mounts();
    if (!mounts.secretFiles().isEmpty() && !context.anonymous()) {
      extraVolumes.add(
          map(
              "name",
              SECRETS_VOLUME,
              "secret",
              map(
                  "secretName",
                  sessionSecretsName(spec.name()),
                  "defaultMode",
                  0440,
                  "optional",
                  true)));
      sessionMounts.add(
          map(
              "name",
              SECRETS_VOLUME,
              "mountPath",
              secretsDirectory(spec, context, dirs),
              "readOnly",
              true));
    }
    Map<String, String> gitVariables = Map.of();
    if (!gitGrants.isEmpty() && !context.anonymous()) {
      gitVariables = SessionGitCredentials.clusterVariables(gitGrants);
      extraVolumes.add(
          map(
              "name",
              GIT_VOLUME,
              "secret",
              map(
                  "secretName",
                  gitSecretName(spec.name()),
                  "defaultMode",
                  0550, // the helper runs, the token is read, by the session's group (fsGroup)
                  "optional",
                  true)));
      extraVolumes.add(map("name", GIT_STATE_VOLUME, "emptyDir", map("medium", "Memory")));
      sessionMounts.add(
          map("name", GIT_VOLUME, "mountPath", SessionGitCredentials.MOUNT_PATH, "readOnly", true));
      sessionMounts.add(
          map("name", GIT_STATE_VOLUME, "mountPath", SessionGitCredentials.STATE_PATH));
    }
    Map<String, Map<String, String>> dataSourceSecrets = new LinkedHashMap<>();
    List<Object> dataSources = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    for (DataSourceMount m : mounts.dataSources()) {
      if (RcloneMounts.refusal(m).isPresent()) {
        continue; // on a node, `local` and the like would read the node's files (decision 0033)
      }
      String secretName = dataSourceSecretName(spec.name(), m.name());
      String target = m.targetPathIn(dirs.work());
      for (int i = 1; !targets.add(target); i++) { // _deduplicate_target_paths
        target = m.targetPathIn(dirs.work()) + "-" + i;
      }
      dataSourceSecrets.put(secretName, dataSourceSecret(m));
      dataSources.add(
          map(
              "type",
              "rclone",
              "mountPath",
              target,
              "secretRef",
              map("name", secretName, "adopt", true),
              "accessMode",
              m.readOnly() ? "ReadOnlyMany" : "ReadWriteOnce"));
    }

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("location", "local");
    body.put("imagePullSecrets", imagePullSecrets(settings));
    List<SessionGitCredentials.Grant> cloneGrants =
        context.anonymous()
            ? List.of()
            : gitGrants.stream().filter(g -> clonedWith.contains(g.connectionId())).toList();
    body.put("codeRepositories", codeRepositories(spec, dirs, cloneGrants));
    body.put("hibernated", false);
    body.put("reconcileStrategy", "whenFailedOrHibernated");
    Placement placement = context.placement();
    if (placement.priorityClassName() != null && !placement.priorityClassName().isBlank()) {
      body.put("priorityClassName", placement.priorityClassName());
    }
    body.put("sessionType", "Interactive");
    body.put(
        "session",
        session(spec, settings, context, dirs, urlPath, baseUrl, sessionMounts, gitVariables));
    body.put("ingress", ingress(settings, urlPath));
    if (!extraVolumes.isEmpty()) {
      body.put("extraVolumes", extraVolumes);
    }
    body.put("culling", culling(spec, settings));
    body.put("authentication", authentication);
    body.put("dataSources", dataSources);
    body.put("tolerations", tolerations(placement));
    body.put("affinity", affinity(placement));
    if (settings.serviceAccountName() != null && !settings.serviceAccountName().isBlank()) {
      body.put("serviceAccountName", settings.serviceAccountName());
    }
    body.put(
        "template",
        map("metadata", map("annotations", new LinkedHashMap<>(annotations), "labels", labels)));

    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("apiVersion", "amalthea.dev/v1alpha1");
    resource.put("kind", "AmaltheaSession");
    resource.put("metadata", metadata);
    resource.put("spec", body);
    return new Written(resource, secretData, dataSourceSecrets);
  }

  /** The Secret the secrets service writes with the session's secret files. */
  public static String sessionSecretsName(String sessionName) {
    return sessionName + "-secrets";
  }

  /**
   * The Secret of one data connector's configuration, {@code <session>-ds-<connector>} as the
   * original's (which uses the connector's id; ours is its name, made a valid Kubernetes name).
   */
  public static String dataSourceSecretName(String sessionName, String mountName) {
    String n = mountName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return sessionName + "-ds-" + n;
  }

  /** The Secret the secrets service writes with a connector's sensitive options. */
  public static String dataSourceCredentialsName(String sessionName, String mountName) {
    return dataSourceSecretName(sessionName, mountName) + "-secrets";
  }

  /** The original's {@code RCloneStorage.secret}: the remote, its path, its configuration. */
  static Map<String, String> dataSourceSecret(DataSourceMount m) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("remote", m.name());
    data.put("remotePath", m.sourcePath());
    StringBuilder ini = new StringBuilder("[" + m.name() + "]\n");
    ini.append("type = ").append(m.storageType()).append('\n');
    // as ConfigParser writes a value over several lines: continuation lines indented, so that a
    // value cannot start a section or an option of its own
    m.options()
        .forEach(
            (k, v) ->
                ini.append(k)
                    .append(" = ")
                    .append(v == null ? "" : v.replace("\n", "\n\t"))
                    .append('\n'));
    data.put("configData", ini.append('\n').toString());
    return data;
  }

  /** The secrets directory: the launch's, absolute, or relative to the mount directory. */
  static String secretsDirectory(SessionSpec spec, LaunchContext context, Directories dirs) {
    String dir = spec.mounts().secretsMountDirectory();
    if (dir == null || dir.isBlank()) {
      dir = context.secretsMountDirectory();
    }
    return new SessionMounts(dir, null, null).secretsMountDirectoryIn(dirs.mount());
  }

  private static Map<String, Object> session(
      SessionSpec spec,
      KubernetesSettings settings,
      LaunchContext context,
      Directories dirs,
      String urlPath,
      String baseUrl,
      List<Object> extraVolumeMounts,
      Map<String, String> gitVariables) {
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("image", spec.image());
    session.put("imagePullPolicy", "Always");
    // the start page under the session's path, as the original's ui_path
    String defaultUrl = context.defaultUrl() == null ? "" : context.defaultUrl();
    session.put("urlPath", urlPath + "/" + defaultUrl.replaceFirst("^/+", ""));
    session.put("port", spec.port());
    Map<String, Object> storage = new LinkedHashMap<>();
    if (settings.storageClass() != null && !settings.storageClass().isBlank()) {
      storage.put("className", settings.storageClass());
    }
    storage.put("size", spec.diskGb() + "G");
    storage.put("mountPath", dirs.mount());
    session.put("storage", storage);
    session.put("workingDir", dirs.work());
    session.put("runAsUser", spec.uid());
    session.put("runAsGroup", spec.gid());
    session.put("resources", resources(spec, settings.cpuLimitFactor()));
    session.put("extraVolumeMounts", extraVolumeMounts);
    if (!spec.command().isEmpty()) {
      session.put("command", spec.command());
    }
    if (!spec.args().isEmpty()) {
      session.put("args", spec.args());
    }
    session.put("shmSize", "1G");
    session.put("stripURLPath", context.stripPathPrefix());
    session.put("env", env(spec, context, dirs, urlPath, baseUrl, gitVariables));
    session.put("readinessProbe", map("type", "tcp"));
    return session;
  }

  /** The platform's variables in the original's order, then the launcher's. */
  static List<Object> env(
      SessionSpec spec, LaunchContext context, Directories dirs, String urlPath, String baseUrl) {
    return env(spec, context, dirs, urlPath, baseUrl, Map.of());
  }

  /** The same, with git's configuration for the owner's connected services (platform's: win). */
  static List<Object> env(
      SessionSpec spec,
      LaunchContext context,
      Directories dirs,
      String urlPath,
      String baseUrl,
      Map<String, String> gitVariables) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("RENKU_MOUNT_DIR", dirs.mount());
    vars.put("RENKU_WORKING_DIR", dirs.work());
    vars.put(
        "RENKU_SECRETS_PATH",
        context.secretsMountDirectory() == null || context.secretsMountDirectory().isBlank()
            ? "/secrets"
            : context.secretsMountDirectory());
    putIfKnown(vars, "RENKU_PROJECT_ID", context.projectId());
    putIfKnown(vars, "RENKU_PROJECT_PATH", context.projectPath());
    putIfKnown(vars, "RENKU_LAUNCHER_ID", context.launcherId());
    vars.put("CNB_APP_DIR", dirs.work());
    vars.put("RENKU_BASE_URL_PATH", urlPath);
    vars.put("RENKU_BASE_URL", baseUrl);
    vars.put("RENKU_SESSION_IP", "0.0.0.0");
    vars.put("RENKU_SESSION_PORT", String.valueOf(spec.port()));
    vars.put("RENKU_SESSION", "1");
    vars.putAll(gitVariables);
    List<Object> env = new ArrayList<>();
    vars.forEach((k, v) -> env.add(map("name", k, "value", v)));
    // reserved names dropped (decision 0018): the platform's variables above stay as they are
    ReservedVariables.withoutReserved(spec.env())
        .forEach(
            (k, v) -> {
              if (!vars.containsKey(k)) {
                env.add(map("name", k, "value", v));
              }
            });
    return env;
  }

  private static void putIfKnown(Map<String, String> vars, String name, String value) {
    if (value != null && !value.isBlank()) {
      vars.put(name, value);
    }
  }

  /**
   * {@code get_mount_work_dir}: the volume is mounted at the mount directory, else at the working
   * directory; never at {@code /} (that would hide the image), and the working directory lies in
   * the volume (else it becomes the mount directory), so that what is written there survives a
   * pause.
   */
  public static Directories directories(SessionSpec spec) {
    String work =
        blank(spec.workingDirectory())
            ? SessionSpec.DEFAULT_MOUNT_DIRECTORY
            : normalise(spec.workingDirectory());
    String mount = blank(spec.mountDirectory()) ? work : normalise(spec.mountDirectory());
    if (mount.equals("/")) {
      mount = "/work";
    }
    if (!(work.equals(mount) || work.startsWith(mount.endsWith("/") ? mount : mount + "/"))) {
      work = mount;
    }
    return new Directories(mount, work);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String normalise(String path) {
    String p = path.replaceAll("/+", "/");
    return p.length() > 1 ? p.replaceAll("/$", "") : p;
  }

  /** {@code resources_from_resource_class}: millicores, GiB, GPUs also as limits. */
  public static Map<String, Object> resources(SessionSpec spec, double cpuLimitFactor) {
    Map<String, Object> requests = new LinkedHashMap<>();
    requests.put("cpu", Math.round(spec.cpu() * 1000) + "m");
    requests.put("memory", spec.memoryGb() + "Gi");
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("memory", spec.memoryGb() + "Gi");
    if (spec.gpu() > 0) {
      requests.put("nvidia.com/gpu", spec.gpu());
      limits.put("nvidia.com/gpu", spec.gpu());
    }
    if (cpuLimitFactor >= 1.0) {
      limits.put("cpu", Math.round(spec.cpu() * cpuLimitFactor * 1000) + "m");
    }
    return map("requests", requests, "limits", limits);
  }

  /**
   * {@code _get_interactive_culling}: every limit written, zero meaning never; idle and hibernated
   * from the resource pool (the spec), else the settings' defaults.
   */
  public static Map<String, Object> culling(SessionSpec spec, KubernetesSettings settings) {
    KubernetesSettings.Culling c = settings.culling();
    Map<String, Object> culling = new LinkedHashMap<>();
    culling.put("maxAge", goDuration(c.maxAge()));
    culling.put("maxFailedDuration", goDuration(c.failed()));
    culling.put(
        "maxHibernatedDuration",
        goDuration(
            spec.hibernatedSeconds() == null
                ? c.hibernated()
                : Duration.ofSeconds(spec.hibernatedSeconds())));
    culling.put(
        "maxIdleDuration",
        goDuration(spec.idleSeconds() == null ? c.idle() : Duration.ofSeconds(spec.idleSeconds())));
    culling.put("maxStartingDuration", goDuration(c.pending()));
    culling.put("cpuIdleThreshold", "300m");
    return culling;
  }

  /**
   * A duration as the Kubernetes Python client's {@code format_duration} writes it (what the Go
   * operator's {@code time.ParseDuration} reads): hours, minutes, seconds, zeros left out, {@code
   * 0s} for zero.
   */
  public static String goDuration(Duration d) {
    long secs = Math.max(0, d.toSeconds());
    if (secs == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (secs / 3600 > 0) {
      out.append(secs / 3600).append('h');
    }
    if (secs % 3600 / 60 > 0) {
      out.append(secs % 3600 / 60).append('m');
    }
    if (secs % 60 > 0) {
      out.append(secs % 60).append('s');
    }
    return out.toString();
  }

  /** {@code SessionIngress.get_k8s_ingress}. */
  private static Map<String, Object> ingress(KubernetesSettings settings, String pathPrefix) {
    Map<String, Object> ingress = new LinkedHashMap<>();
    ingress.put("annotations", new LinkedHashMap<>(settings.ingressAnnotations()));
    ingress.put("host", settings.ingressHost());
    String className = settings.ingressClassName();
    if (blank(className)) {
      className = settings.ingressAnnotations().get("kubernetes.io/ingress.class");
    }
    if (!blank(className)) {
      ingress.put("ingressClassName", className);
    }
    ingress.put("pathPrefix", pathPrefix);
    if (!blank(settings.tlsSecret())) {
      ingress.put("tlsSecret", map("adopt", false, "name", settings.tlsSecret()));
    }
    ingress.put("useDefaultClusterTLSCert", settings.useDefaultClusterTlsCert());
    ingress.put("assumeHttps", false);
    return ingress;
  }

  private static List<Object> imagePullSecrets(KubernetesSettings settings) {
    List<Object> out = new ArrayList<>();
    settings.imagePullSecrets().forEach(name -> out.add(map("name", name, "adopt", false)));
    return out;
  }

  /**
   * The project's repositories, each cloned by the operator's cloner into the working directory
   * under its own name (where the original's {@code git-clone} init container puts them); {@code
   * clonePath} is the directory the clone goes into, not the clone's own directory.
   */
  private static List<Object> codeRepositories(
      SessionSpec spec, Directories dirs, List<SessionGitCredentials.Grant> cloneGrants) {
    String under =
        dirs.work().equals(dirs.mount()) ? "" : dirs.work().substring(dirs.mount().length() + 1);
    Set<String> taken = new HashSet<>();
    List<Object> out = new ArrayList<>();
    for (String url : spec.repositories()) {
      // The cloner clones into <mount>/<clonePath>/<the URL's last segment without .git> (the Go
      // cloner's rule, which ours keeps), so clonePath is the directory above the clone. A second
      // repository of the same name goes one level down, into <name>-2/<name>.
      String dir = directoryName(url);
      String parent = under;
      if (!taken.add(dir)) {
        String candidate = dir;
        for (int n = 2; !taken.add(candidate); n++) {
          candidate = dir + "-" + n;
        }
        parent = under.isEmpty() ? candidate : under + "/" + candidate;
      }
      Map<String, Object> repo =
          map("type", "git", "clonePath", parent.isEmpty() ? "." : parent, "remote", url);
      for (SessionGitCredentials.Grant g : cloneGrants) {
        if (SessionGitCredentials.covers(g, url)) {
          repo.put(
              "cloningConfigSecretRef",
              map(
                  "name",
                  gitSecretName(spec.name()),
                  "key",
                  SessionGitCredentials.cloneConfigKey(g)));
          break;
        }
      }
      out.add(repo);
    }
    return out;
  }

  /** The last path segment without {@code .git}, as {@code git clone} names the directory. */
  static String directoryName(String url) {
    String path;
    try {
      path = new java.net.URI(url).getPath();
    } catch (java.net.URISyntaxException e) {
      path = url;
    }
    String last = (path == null ? "" : path).replaceAll("/+$", "");
    last = last.substring(last.lastIndexOf('/') + 1);
    if (last.endsWith(".git")) {
      last = last.substring(0, last.length() - 4);
    }
    last = last.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
    return last.isEmpty() ? "repository" : last;
  }

  /** {@code tolerations_from_resource_class}: each key tolerated whatever its value. */
  private static List<Object> tolerations(Placement placement) {
    List<Object> out = new ArrayList<>();
    placement.tolerations().forEach(key -> out.add(map("key", key, "operator", "Exists")));
    return out;
  }

  /**
   * {@code node_affinity_from_resource_class}: required keys in one node selector term (all must
   * exist), preferred keys in one preference of weight 1.
   */
  public static Map<String, Object> affinity(Placement placement) {
    List<Object> required = new ArrayList<>();
    List<Object> preferred = new ArrayList<>();
    for (NodeAffinity a : placement.nodeAffinities()) {
      (a.required() ? required : preferred).add(map("key", a.key(), "operator", "Exists"));
    }
    Map<String, Object> node = new LinkedHashMap<>();
    if (!required.isEmpty()) {
      node.put(
          "requiredDuringSchedulingIgnoredDuringExecution",
          map("nodeSelectorTerms", List.of(map("matchExpressions", required))));
    }
    if (!preferred.isEmpty()) {
      node.put(
          "preferredDuringSchedulingIgnoredDuringExecution",
          List.of(map("weight", 1, "preference", map("matchExpressions", preferred))));
    }
    return map("nodeAffinity", node);
  }

  /** The spec's context, or what the spec itself tells of it. */
  static LaunchContext contextOf(SessionSpec spec) {
    if (spec.context() != null) {
      return spec.context();
    }
    return new LaunchContext(
        spec.ownerId() != null && spec.ownerId().startsWith("anon-"),
        null,
        spec.annotations().get("renku.io/project_id"),
        null,
        spec.annotations().get("renku.io/launcher_id"),
        null,
        null,
        false,
        Placement.NONE);
  }

  /** A value Kubernetes accepts as a label: alphanumerics, '-', '_', '.', at most 63. */
  static String safeLabel(String id) {
    String s = id.replaceAll("[^A-Za-z0-9_.-]", "-");
    s = s.length() > 63 ? s.substring(0, 63) : s;
    return s.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }

  /** An ordered map from alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}

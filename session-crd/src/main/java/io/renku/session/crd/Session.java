package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/**
 * The main session container. Ports 65530 to 65535 are reserved for the operator's sidecars.
 *
 * <p>GPUs are requested through {@code resources} under the vendor's resource name (for example
 * {@code nvidia.com/gpu}), as in any pod.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Session(
    @Required String image,
    @Default("Always") @JsonPropertyDescription("Always, Never or IfNotPresent.")
        String imagePullPolicy,
    @JsonPropertyDescription("The command; the image ENTRYPOINT when omitted.")
        List<String> command,
    @JsonPropertyDescription("The arguments; the image CMD when omitted.") List<String> args,
    List<EnvVar> env,
    ResourceRequirements resources,
    @Default("8000") @Min(1) @Max(65529) @JsonPropertyDescription("The TCP port of the session.")
        Integer port,
    Storage storage,
    @JsonPropertyDescription("Size of /dev/shm.") Quantity shmSize,
    String workingDir,
    @Default("1000") @Min(0) Long runAsUser,
    @Default("1000")
        @Min(0)
        @JsonPropertyDescription("The group of the session; also the fsGroup of the pod.")
        Long runAsGroup,
    @Default("/") @JsonPropertyDescription("The path of the session; under ingress.pathPrefix.")
        String urlPath,
    @JsonProperty("stripURLPath")
        @Default("false")
        @JsonPropertyDescription("Strip urlPath from requests before they reach the session.")
        Boolean stripURLPath,
    List<VolumeMount> extraVolumeMounts,
    ReadinessProbe readinessProbe,
    @JsonPropertyDescription("Configuration of a remote session, loaded as environment.")
        SessionSecretRef remoteSecretRef) {

  public static final int DEFAULT_PORT = 8000;
  public static final long DEFAULT_USER = 1000;
  public static final String DEFAULT_MOUNT_PATH = "/workspace";

  /** A session with only the image set, for builders and tests. */
  public static Session of(String image) {
    return new Builder().image(image).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .image(image)
        .imagePullPolicy(imagePullPolicy)
        .command(command)
        .args(args)
        .env(env)
        .resources(resources)
        .port(port)
        .storage(storage)
        .shmSize(shmSize)
        .workingDir(workingDir)
        .runAsUser(runAsUser)
        .runAsGroup(runAsGroup)
        .urlPath(urlPath)
        .stripURLPath(stripURLPath)
        .extraVolumeMounts(extraVolumeMounts)
        .readinessProbe(readinessProbe)
        .remoteSecretRef(remoteSecretRef);
  }

  @JsonIgnore
  public int portOrDefault() {
    return port == null ? DEFAULT_PORT : port;
  }

  @JsonIgnore
  public long runAsUserOrDefault() {
    return runAsUser == null ? DEFAULT_USER : runAsUser;
  }

  @JsonIgnore
  public long runAsGroupOrDefault() {
    return runAsGroup == null ? DEFAULT_USER : runAsGroup;
  }

  @JsonIgnore
  public String urlPathOrDefault() {
    return urlPath == null || urlPath.isEmpty() ? "/" : urlPath;
  }

  @JsonIgnore
  public String imagePullPolicyOrDefault() {
    return imagePullPolicy == null || imagePullPolicy.isEmpty() ? "Always" : imagePullPolicy;
  }

  /** Builds a session container spec; unset fields stay absent. */
  public static final class Builder {
    private String image;
    private String imagePullPolicy;
    private List<String> command;
    private List<String> args;
    private List<EnvVar> env;
    private ResourceRequirements resources;
    private Integer port;
    private Storage storage;
    private Quantity shmSize;
    private String workingDir;
    private Long runAsUser;
    private Long runAsGroup;
    private String urlPath;
    private Boolean stripURLPath;
    private List<VolumeMount> extraVolumeMounts;
    private ReadinessProbe readinessProbe;
    private SessionSecretRef remoteSecretRef;

    private Builder() {}

    public Builder image(String value) {
      this.image = value;
      return this;
    }

    public Builder imagePullPolicy(String value) {
      this.imagePullPolicy = value;
      return this;
    }

    public Builder command(List<String> value) {
      this.command = value;
      return this;
    }

    public Builder args(List<String> value) {
      this.args = value;
      return this;
    }

    public Builder env(List<EnvVar> value) {
      this.env = value;
      return this;
    }

    public Builder resources(ResourceRequirements value) {
      this.resources = value;
      return this;
    }

    public Builder port(Integer value) {
      this.port = value;
      return this;
    }

    public Builder storage(Storage value) {
      this.storage = value;
      return this;
    }

    public Builder shmSize(Quantity value) {
      this.shmSize = value;
      return this;
    }

    public Builder workingDir(String value) {
      this.workingDir = value;
      return this;
    }

    public Builder runAsUser(Long value) {
      this.runAsUser = value;
      return this;
    }

    public Builder runAsGroup(Long value) {
      this.runAsGroup = value;
      return this;
    }

    public Builder urlPath(String value) {
      this.urlPath = value;
      return this;
    }

    public Builder stripURLPath(Boolean value) {
      this.stripURLPath = value;
      return this;
    }

    public Builder extraVolumeMounts(List<VolumeMount> value) {
      this.extraVolumeMounts = value;
      return this;
    }

    public Builder readinessProbe(ReadinessProbe value) {
      this.readinessProbe = value;
      return this;
    }

    public Builder remoteSecretRef(SessionSecretRef value) {
      this.remoteSecretRef = value;
      return this;
    }

    public Session build() {
      return new Session(
          image,
          imagePullPolicy,
          command,
          args,
          env,
          resources,
          port,
          storage,
          shmSize,
          workingDir,
          runAsUser,
          runAsGroup,
          urlPath,
          stripURLPath,
          extraVolumeMounts,
          readinessProbe,
          remoteSecretRef);
    }
  }
}

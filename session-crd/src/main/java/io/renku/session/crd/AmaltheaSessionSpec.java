package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;

/**
 * The desired state of a session. {@code hibernated} is always written (the original has no {@code
 * omitempty} on it); everything else is optional.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AmaltheaSessionSpec(
    @Default("local")
        @ValidationRule(value = "self == oldSelf", message = "location is immutable")
        @JsonPropertyDescription(
            "Whether the session process runs in the pod (local) or on an external compute"
                + " resource driven from the pod (remote).")
        SessionLocation location,
    @Required @JsonPropertyDescription("The main session container that the user accesses.")
        Session session,
    @ValidationRule(value = "self == oldSelf", message = "CodeRepositories is immutable")
        @JsonPropertyDescription("Code repositories cloned into the session at start.")
        List<CodeRepository> codeRepositories,
    @JsonPropertyDescription("Data sources mounted into the session.") List<DataSource> dataSources,
    @JsonPropertyDescription("Authentication in front of the session.")
        Authentication authentication,
    @JsonPropertyDescription("When the session is hibernated or deleted automatically.")
        Culling culling,
    @Default("false")
        @JsonPropertyDescription("Scales the session to zero and removes its ingress when true.")
        boolean hibernated,
    @JsonPropertyDescription("Additional containers of the session pod.")
        List<Container> extraContainers,
    @JsonPropertyDescription("Additional init containers of the session pod.")
        List<Container> initContainers,
    @JsonPropertyDescription(
            "Additional volumes of the session pod; names starting with amalthea- are reserved.")
        List<Volume> extraVolumes,
    @JsonPropertyDescription("The ingress to the session; without it no Ingress is created.")
        Ingress ingress,
    Map<String, String> nodeSelector,
    Affinity affinity,
    List<Toleration> tolerations,
    @Default("always")
        @JsonPropertyDescription("When changes of the spec are applied to existing children.")
        ReconcileStrategy reconcileStrategy,
    String priorityClassName,
    @JsonPropertyDescription("Secrets with credentials for pulling private images.")
        List<SessionSecretRef> imagePullSecrets,
    String serviceAccountName,
    @JsonPropertyDescription("Labels and annotations added to all children.") Template template,
    @Default("Interactive")
        @ValidationRule(value = "self == oldSelf", message = "sesion type is immutable")
        SessionType sessionType) {

  // Explicit accessors: annotations of a record component also land on its implicit accessor,
  // which made the CRD generator write each validation rule twice.

  public SessionLocation location() {
    return location;
  }

  public List<CodeRepository> codeRepositories() {
    return codeRepositories;
  }

  public SessionType sessionType() {
    return sessionType;
  }

  /** A builder with only the session container set. */
  public static Builder builder(Session session) {
    return new Builder().session(session);
  }

  /** A builder holding this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.location = location;
    b.session = session;
    b.codeRepositories = codeRepositories;
    b.dataSources = dataSources;
    b.authentication = authentication;
    b.culling = culling;
    b.hibernated = hibernated;
    b.extraContainers = extraContainers;
    b.initContainers = initContainers;
    b.extraVolumes = extraVolumes;
    b.ingress = ingress;
    b.nodeSelector = nodeSelector;
    b.affinity = affinity;
    b.tolerations = tolerations;
    b.reconcileStrategy = reconcileStrategy;
    b.priorityClassName = priorityClassName;
    b.imagePullSecrets = imagePullSecrets;
    b.serviceAccountName = serviceAccountName;
    b.template = template;
    b.sessionType = sessionType;
    return b;
  }

  /** True unless the session is explicitly a batch job. */
  @JsonIgnore
  public boolean isInteractive() {
    return sessionType != SessionType.NON_INTERACTIVE;
  }

  /** Authentication is on when the block is present and not explicitly disabled. */
  @JsonIgnore
  public boolean isAuthenticated() {
    return authentication != null && authentication.enabledOrDefault();
  }

  /** Builds a spec; unset fields stay absent. */
  public static final class Builder {
    private SessionLocation location;
    private Session session;
    private List<CodeRepository> codeRepositories;
    private List<DataSource> dataSources;
    private Authentication authentication;
    private Culling culling;
    private boolean hibernated;
    private List<Container> extraContainers;
    private List<Container> initContainers;
    private List<Volume> extraVolumes;
    private Ingress ingress;
    private Map<String, String> nodeSelector;
    private Affinity affinity;
    private List<Toleration> tolerations;
    private ReconcileStrategy reconcileStrategy;
    private String priorityClassName;
    private List<SessionSecretRef> imagePullSecrets;
    private String serviceAccountName;
    private Template template;
    private SessionType sessionType;

    private Builder() {}

    public Builder location(SessionLocation value) {
      this.location = value;
      return this;
    }

    public Builder session(Session value) {
      this.session = value;
      return this;
    }

    public Builder codeRepositories(List<CodeRepository> value) {
      this.codeRepositories = value;
      return this;
    }

    public Builder dataSources(List<DataSource> value) {
      this.dataSources = value;
      return this;
    }

    public Builder authentication(Authentication value) {
      this.authentication = value;
      return this;
    }

    public Builder culling(Culling value) {
      this.culling = value;
      return this;
    }

    public Builder hibernated(boolean value) {
      this.hibernated = value;
      return this;
    }

    public Builder extraContainers(List<Container> value) {
      this.extraContainers = value;
      return this;
    }

    public Builder initContainers(List<Container> value) {
      this.initContainers = value;
      return this;
    }

    public Builder extraVolumes(List<Volume> value) {
      this.extraVolumes = value;
      return this;
    }

    public Builder ingress(Ingress value) {
      this.ingress = value;
      return this;
    }

    public Builder nodeSelector(Map<String, String> value) {
      this.nodeSelector = value;
      return this;
    }

    public Builder affinity(Affinity value) {
      this.affinity = value;
      return this;
    }

    public Builder tolerations(List<Toleration> value) {
      this.tolerations = value;
      return this;
    }

    public Builder reconcileStrategy(ReconcileStrategy value) {
      this.reconcileStrategy = value;
      return this;
    }

    public Builder priorityClassName(String value) {
      this.priorityClassName = value;
      return this;
    }

    public Builder imagePullSecrets(List<SessionSecretRef> value) {
      this.imagePullSecrets = value;
      return this;
    }

    public Builder serviceAccountName(String value) {
      this.serviceAccountName = value;
      return this;
    }

    public Builder template(Template value) {
      this.template = value;
      return this;
    }

    public Builder sessionType(SessionType value) {
      this.sessionType = value;
      return this;
    }

    public AmaltheaSessionSpec build() {
      return new AmaltheaSessionSpec(
          location,
          session,
          codeRepositories,
          dataSources,
          authentication,
          culling,
          hibernated,
          extraContainers,
          initContainers,
          extraVolumes,
          ingress,
          nodeSelector,
          affinity,
          tolerations,
          reconcileStrategy,
          priorityClassName,
          imagePullSecrets,
          serviceAccountName,
          template,
          sessionType);
    }
  }
}

package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Quantity;

/** The session's persistent volume: a PVC named like the session, kept while hibernated. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Storage(
    String className,
    @Default("1Gi") Quantity size,
    @Default("/workspace") @JsonPropertyDescription("The absolute mount path of the volume.")
        String mountPath) {

  @JsonIgnore
  public Quantity sizeOrDefault() {
    return size == null ? new Quantity("1Gi") : size;
  }

  @JsonIgnore
  public String mountPathOrDefault() {
    return mountPath == null || mountPath.isEmpty() ? Session.DEFAULT_MOUNT_PATH : mountPath;
  }
}

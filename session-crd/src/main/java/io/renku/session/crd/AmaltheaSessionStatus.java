package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/**
 * The observed state of a session. Times are RFC 3339 strings, as the original writes them; an
 * absent time is {@code null}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AmaltheaSessionStatus(
    List<AmaltheaSessionCondition> conditions,
    @Default("NotReady") SessionState state,
    @JsonPropertyDescription("Where the session is reached, or None without an ingress.")
        String url,
    ContainerCounts containerCounts,
    ContainerCounts initContainerCounts,
    @Default("false") boolean idle,
    String idleSince,
    String failingSince,
    String failedSchedulingSince,
    String hibernatedSince,
    @JsonPropertyDescription("When the session will be hibernated by the culling limits.")
        String willHibernateAt,
    @JsonProperty("runID")
        @JsonPropertyDescription("Changes on every start or resume; cleared while hibernated.")
        String runID,
    @JsonPropertyDescription("What went wrong when the state is Failed, or a scheduling warning.")
        String error) {

  public static final AmaltheaSessionStatus EMPTY =
      new AmaltheaSessionStatus(
          null, null, null, null, null, false, null, null, null, null, null, null, null);

  /** The state, {@code NotReady} when not yet set. */
  @JsonIgnore
  public SessionState stateOrDefault() {
    return state == null ? SessionState.NOT_READY : state;
  }
}

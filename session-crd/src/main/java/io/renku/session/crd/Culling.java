package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Automatic hibernation and deletion. Durations are Go duration strings ({@code 2h5m}, {@code
 * 90s}); zero or absent disables each limit.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Culling(
    @JsonPropertyDescription("Hibernate the session this long after its creation.") String maxAge,
    @JsonPropertyDescription("Hibernate the session after being idle this long.")
        String maxIdleDuration,
    @JsonPropertyDescription("Hibernate the session if it is not running this long after creation.")
        String maxStartingDuration,
    @JsonPropertyDescription("Hibernate the session after failing this long.")
        String maxFailedDuration,
    @JsonPropertyDescription("Delete the session after being hibernated this long.")
        String maxHibernatedDuration,
    @JsonPropertyDescription(
            "RFC 3339 time of the last proven user interaction; restarts the idle countdown.")
        String lastInteraction,
    @Default("300m") @JsonPropertyDescription("CPU usage below which the session is idle.")
        Quantity cpuIdleThreshold) {

  public static final Culling NONE = new Culling(null, null, null, null, null, null, null);

  public Culling withMaxAge(String value) {
    return new Culling(
        value,
        maxIdleDuration,
        maxStartingDuration,
        maxFailedDuration,
        maxHibernatedDuration,
        lastInteraction,
        cpuIdleThreshold);
  }

  public Culling withMaxIdleDuration(String value) {
    return new Culling(
        maxAge,
        value,
        maxStartingDuration,
        maxFailedDuration,
        maxHibernatedDuration,
        lastInteraction,
        cpuIdleThreshold);
  }

  public Culling withMaxStartingDuration(String value) {
    return new Culling(
        maxAge,
        maxIdleDuration,
        value,
        maxFailedDuration,
        maxHibernatedDuration,
        lastInteraction,
        cpuIdleThreshold);
  }

  public Culling withMaxFailedDuration(String value) {
    return new Culling(
        maxAge,
        maxIdleDuration,
        maxStartingDuration,
        value,
        maxHibernatedDuration,
        lastInteraction,
        cpuIdleThreshold);
  }

  public Culling withMaxHibernatedDuration(String value) {
    return new Culling(
        maxAge,
        maxIdleDuration,
        maxStartingDuration,
        maxFailedDuration,
        value,
        lastInteraction,
        cpuIdleThreshold);
  }

  public Culling withLastInteraction(String value) {
    return new Culling(
        maxAge,
        maxIdleDuration,
        maxStartingDuration,
        maxFailedDuration,
        maxHibernatedDuration,
        value,
        cpuIdleThreshold);
  }
}

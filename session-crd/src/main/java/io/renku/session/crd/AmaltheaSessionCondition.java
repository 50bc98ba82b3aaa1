package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/**
 * A status condition: type {@code Ready} (true while running) or {@code RoutingReady} (true once
 * the Ingress exists). {@code status} is {@code True}, {@code False} or {@code Unknown}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AmaltheaSessionCondition(
    @Required String type,
    @Required String status,
    String lastTransitionTime,
    String reason,
    String message) {

  public static final String READY = "Ready";
  public static final String ROUTING_READY = "RoutingReady";
}

package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Ready and total counts of the regular (or the init) containers of the session pod. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerCounts(int ready, int total) {

  public static final ContainerCounts ZERO = new ContainerCounts(0, 0);
}

package io.renku.api.data.compat;

import java.util.List;

/**
 * How one operation of the original fares against the served spec.
 *
 * @param original the original's operation
 * @param status whether we serve it
 * @param differences for a served one, what differs (breaking ones and notes)
 */
record OperationResult(Operation original, Status status, List<Difference> differences) {

  enum Status {
    /** In the served spec, under the same method and path (parameter names aside). */
    SERVED,
    /** Under the data service's prefix but not in the served spec. */
    MISSING,
    /** Under another prefix (the secrets service's {@code /api/secrets}): not in the spec. */
    OTHER_SERVICE
  }

  boolean served() {
    return status == Status.SERVED;
  }

  boolean compatible() {
    return served() && differences.stream().noneMatch(Difference::breaking);
  }
}

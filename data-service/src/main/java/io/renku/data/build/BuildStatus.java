package io.renku.data.build;

/** Where a build stands; the wire values are the original's. */
public enum BuildStatus {
  IN_PROGRESS("in_progress"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String value;

  BuildStatus(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public boolean finished() {
    return this != IN_PROGRESS;
  }

  public static BuildStatus parse(String value) {
    for (BuildStatus s : values()) {
      if (s.value.equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown build status: " + value);
  }
}

package io.renku.data.session;

import java.time.OffsetDateTime;
import java.util.List;

/** A session launcher of a project, with the environment it starts. */
public record Launcher(
    String id,
    String projectId,
    String name,
    String description,
    Environment environment,
    Long diskStorage,
    List<EnvVariable> envVariables,
    String launcherType,
    OffsetDateTime creationDate) {

  /** An environment variable set in the session; {@code value} may be null. */
  public record EnvVariable(String name, String value) {}
}

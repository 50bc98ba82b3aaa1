package io.renku.data.launcher;

import io.renku.data.environment.Environment;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A session launcher of a project, with the environment it starts.
 *
 * @param resourceClassId the class its sessions start on, or null for the default class
 */
public record Launcher(
    String id,
    String projectId,
    String name,
    String description,
    Environment environment,
    Integer resourceClassId,
    Long diskStorage,
    List<EnvVariable> envVariables,
    String launcherType,
    OffsetDateTime creationDate) {

  /** An environment variable set in the session; {@code value} may be null. */
  public record EnvVariable(String name, String value) {}
}

package io.renku.api.data;

import java.util.List;

/**
 * The fields that both request variants of a global environment carry ({@code EnvironmentPost} and
 * {@code EnvironmentPatch}). The generated models implement it (the schemas' {@code x-implements}),
 * so one mapper reads both; why not {@code allOf}: see {@link ResourceClassFields}.
 */
public interface EnvironmentFields {
  String getName();

  String getDescription();

  String getContainerImage();

  String getDefaultUrl();

  Integer getUid();

  Integer getGid();

  String getWorkingDirectory();

  String getMountDirectory();

  Integer getPort();

  List<String> getCommand();

  List<String> getArgs();

  Boolean getIsArchived();

  Boolean getStripPathPrefix();
}

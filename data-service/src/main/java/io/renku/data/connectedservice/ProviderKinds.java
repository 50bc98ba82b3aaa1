package io.renku.data.connectedservice;

import java.util.Set;

/** The provider kinds of the original ({@code ProviderKind}). */
final class ProviderKinds {
  static final String DROPBOX = "dropbox";
  static final String GENERIC_OIDC = "generic_oidc";
  static final String GITHUB = "github";
  static final String GITLAB = "gitlab";
  static final String GOOGLE = "google";
  static final String ZENODO = "zenodo";

  static final Set<String> ALL = Set.of(DROPBOX, GENERIC_OIDC, GITHUB, GITLAB, GOOGLE, ZENODO);

  private ProviderKinds() {}
}

package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A repository cloned into the session by an init container. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodeRepository(
    @Default("git") CodeRepositoryType type,
    @Default(".") @JsonPropertyDescription("Path relative to the session volume to clone into.")
        String clonePath,
    @Required @JsonPropertyDescription("The HTTP URL of the repository.") String remote,
    @JsonPropertyDescription("Tag, branch or commit; the default branch when omitted.")
        String revision,
    @JsonPropertyDescription("Credentials used while cloning.")
        SessionSecretKeyRef cloningConfigSecretRef,
    @JsonPropertyDescription("Git configuration used while the session runs.")
        SessionSecretKeyRef configSecretRef) {}

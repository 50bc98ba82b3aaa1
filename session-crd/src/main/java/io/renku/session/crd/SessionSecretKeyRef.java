package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One key of a Kubernetes secret. An adopted secret is deleted with the session. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionSecretKeyRef(
    @Required String name,
    @Required String key,
    @JsonPropertyDescription("Delete the secret when the session is deleted.") boolean adopt) {}

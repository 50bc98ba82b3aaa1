package io.renku.session.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** A data source mounted through the csi-rclone driver. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSource(
    @Default("rclone") DataSourceType type,
    @Default("data") @JsonPropertyDescription("Path relative to the working directory.")
        String mountPath,
    @Default("ReadOnlyMany") String accessMode,
    @JsonPropertyDescription("The secret holding the rclone configuration of one remote.")
        SessionSecretRef secretRef) {}

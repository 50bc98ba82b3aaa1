package io.renku.data.account.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The user synchronisation from Keycloak ({@code renku.user-sync.*}). Off unless {@code enabled};
 * local mode registers users as they log in and needs none.
 *
 * @param keycloakUrl Keycloak's base URL, e.g. {@code https://renku.example.org/auth}
 * @param clientId a client with a service account holding {@code view-users}, {@code query-users}
 *     and {@code view-realm} (listing a role's members needs it) of {@code realm-management}; the
 *     shipped realm gives them to {@code renku}
 */
@ConfigurationProperties("renku.user-sync")
public record UserSyncProperties(
    @DefaultValue("false") boolean enabled,
    String keycloakUrl,
    @DefaultValue("Renku") String realm,
    @DefaultValue("renku") String clientId,
    String clientSecret,
    @DefaultValue("renku-admin") String adminRole,
    @DefaultValue("4h") Duration interval,
    @DefaultValue("1m") Duration initialDelay,
    @DefaultValue("100") int pageSize) {}

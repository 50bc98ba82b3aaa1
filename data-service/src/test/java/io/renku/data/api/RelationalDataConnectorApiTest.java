package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.authz.Authorizer;
import io.renku.authz.postgres.RelationalAuthorizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The data connector tests again, with the service evaluating the schema over the relationship
 * table instead of asking SpiceDB ({@code renku.authz-engine=postgres}): both engines hide, show
 * and refuse the same connectors.
 */
@TestPropertySource(properties = "renku.authz-engine=postgres")
class RelationalDataConnectorApiTest extends DataConnectorApiTest {
  @Autowired Authorizer authorizer;

  @Test
  void theServiceUsesTheRelationalEvaluator() {
    assertThat(authorizer).isInstanceOf(RelationalAuthorizer.class);
  }
}

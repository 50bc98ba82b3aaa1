package io.renku.authz;

import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against the real SpiceDB engine, embedded: one engine for the whole class. */
class EmbeddedSpiceDbAuthorizerTest extends AbstractAuthorizerContractTest {

  private static EmbeddedSpiceDb spiceDb;

  @BeforeAll
  static void startEngine() {
    spiceDb = EmbeddedSpiceDb.start();
    try (SpiceDbAuthorizer authorizer = connect()) {
      authorizer.writeSchema(RenkuSchema.text());
    }
  }

  @AfterAll
  static void stopEngine() {
    if (spiceDb != null) {
      spiceDb.close();
    }
  }

  @Override
  protected Authorizer createAuthorizer() {
    return connect();
  }

  private static SpiceDbAuthorizer connect() {
    return new SpiceDbAuthorizer(SpiceDbConfig.plaintext(spiceDb.host(), spiceDb.port()));
  }
}

package io.renku.authz;

import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite over grpc's in-process transport, as local mode uses it. */
class InProcessSpiceDbAuthorizerTest extends AbstractAuthorizerContractTest {
  private static EmbeddedSpiceDb engine;

  @BeforeAll
  static void start() {
    engine = EmbeddedSpiceDb.start();
    try (SpiceDbAuthorizer authorizer = connect()) {
      authorizer.writeSchema(RenkuSchema.text());
    }
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Override
  protected Authorizer createAuthorizer() {
    return connect();
  }

  private static SpiceDbAuthorizer connect() {
    return SpiceDbAuthorizer.inProcess(engine.inProcessName(), null, null);
  }
}

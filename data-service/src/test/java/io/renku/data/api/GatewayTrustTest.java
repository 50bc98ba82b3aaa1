package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who the data service believes the caller is (decision 0015): a verified bearer token, or an
 * anonymous id the gateway vouched for; never a header the caller made up.
 */
class GatewayTrustTest extends ApiTest {

  /**
   * The attack of issue 15: {@code Authorization: Basic x} was no token, so the request counted as
   * anonymous, and the anonymous id header then named any user.
   */
  @Test
  void anAuthorizationHeaderThatIsNoBearerTokenIs401() {
    for (String authorization : new String[] {"Basic eDp4", "Token abc", "Bearer", "bearer  x"}) {
      var r =
          api.anonymous()
              .header("Authorization", authorization)
              .header("Renku-Auth-Anon-Id", "anon-" + UUID.randomUUID())
              .header("Renku-Gateway-Secret", GATEWAY_SECRET)
              .get("sessions");
      assertThat(r.status()).as(authorization).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo(1401);
    }
    assertThat(api.anonymous().get("sessions").status()).as("no header: anonymous").isEqualTo(200);
  }

  /** Anonymous ids start with {@code anon-}: a token with such a subject could pass for one. */
  @Test
  void aTokenWhoseSubjectLooksAnonymousIs401() {
    TestUser impostor =
        new TestUser("anon-" + UUID.randomUUID(), "impostor@example.org", "I", "Mpostor", false);
    var r = api.as(impostor).get("user");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1401);
    assertThat(api.as(TestUser.random("real")).get("user").status()).isEqualTo(200);
  }

  /** A signed token whose subject cannot be a user id is refused, not a 500 on registering. */
  @Test
  void aTokenWhoseSubjectIsLongerThanAUserIdIs401() {
    TestUser tooLong = new TestUser("x".repeat(37), "long@example.org", "L", "Ong", false);
    var r = api.as(tooLong).get("user");
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1401);
    TestUser longest =
        new TestUser(
            "y" + UUID.randomUUID().toString().substring(1), "l@example.org", "L", "Ongest", false);
    assertThat(api.as(longest).get("user").status()).isEqualTo(200);
  }
}

package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestBackends;
import io.renku.data.support.TestIdentityProvider;
import io.renku.data.support.TestUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which tokens are API credentials (access tokens of the configured issuer, nothing else), and
 * which e-mail addresses find users (verified ones only).
 */
class TokenRulesTest extends ApiTest {
  private final TestIdentityProvider idp = TestBackends.get().identity();

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void anIdTokenIsNotAnApiCredential() {
    TestUser user = TestUser.random("idtoken");
    var r = api.withToken(idp.idToken(user)).get("user");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1401);
    // The access token of the same user works, and a cached success does not let the ID token in.
    assertThat(api.as(user).get("user").status()).isEqualTo(200);
    assertThat(api.withToken(idp.idToken(user)).get("user").status()).isEqualTo(401);
  }

  @Test
  void tokensOfAnotherTypeOrWithoutTypeAreRefused() {
    TestUser user = TestUser.random("typeless");
    for (String typ : new String[] {"Refresh", "Offline", "", "bearer-ish"}) {
      var r = api.withToken(idp.tokenWith(user, Map.of("typ", typ))).get("user");
      assertThat(r.status()).as(typ).isEqualTo(401);
    }
    var noTyp = new java.util.HashMap<String, Object>();
    noTyp.put("typ", null);
    assertThat(api.withToken(idp.tokenWith(user, noTyp)).get("user").status()).isEqualTo(401);
  }

  @Test
  void aTokenNamingAnotherIssuerIsRefusedEvenWithTheRightKey() {
    TestUser user = TestUser.random("issuer");
    var r =
        api.withToken(idp.tokenWith(user, Map.of("iss", "https://evil.example/auth"))).get("user");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1401);
  }

  @Test
  void anUnverifiedAddressFindsNobodyUntilTheProviderVerifiesIt() {
    TestUser user = TestUser.random("unverified");
    String unverified = idp.tokenWith(user, Map.of("email_verified", false));
    assertThat(api.withToken(unverified).get("user").status()).isEqualTo(200);
    TestUser searcher = TestUser.random("searcher");

    var none = api.as(searcher).get("users?exact_email=" + enc(user.email()));
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.json().size()).as("an unverified address is not a way to find a user").isZero();

    // The provider now vouches for the address: the next request records it.
    assertThat(api.as(user).get("user").status()).isEqualTo(200);
    var found = api.as(searcher).get("users?exact_email=" + enc(user.email()));
    assertThat(found.json().size()).isEqualTo(1);
    assertThat(found.json().get(0).path("id").asString()).isEqualTo(user.id());

    // And when the address becomes unverified again (changed at the provider), it stops.
    assertThat(api.withToken(unverified).get("user").status()).isEqualTo(200);
    assertThat(api.as(searcher).get("users?exact_email=" + enc(user.email())).json().size())
        .isZero();
  }

  @Test
  void aSelfSignedUpUserCannotClaimAnotherUsersAddress() {
    TestUser victim = TestUser.random("victim");
    Fixtures.register(api, victim);
    TestUser impostor =
        new TestUser(
            java.util.UUID.randomUUID().toString(), victim.email(), "Mallory", "Impostor", false);
    assertThat(
            api.withToken(idp.tokenWith(impostor, Map.of("email_verified", false)))
                .get("user")
                .status())
        .isEqualTo(200);
    var r = api.as(TestUser.random("owner")).get("users?exact_email=" + enc(victim.email()));
    assertThat(r.json().size()).isEqualTo(1);
    assertThat(r.json().get(0).path("id").asString()).isEqualTo(victim.id());
  }
}

package io.renku.data.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.core.ApiUser;
import jakarta.servlet.http.Cookie;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** An anonymous id is taken only with the gateway's secret and in the anonymous form. */
class CurrentUserTest {
  private static final String SECRET = "the-shared-secret";
  private static final String ID = "anon-AbCdEfGhIjKlMnOpQrStUvWxYz012345";

  private final CurrentUser withSecret = currentUser(SECRET);

  private static CurrentUser currentUser(String secret) {
    return new CurrentUser("renku-admin", secret);
  }

  @AfterEach
  void clear() {
    RequestContextHolder.resetRequestAttributes();
  }

  private static ApiUser caller(CurrentUser currentUser, Consumer<MockHttpServletRequest> edit) {
    var request = new MockHttpServletRequest("GET", "/api/data/sessions");
    edit.accept(request);
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    return currentUser.get();
  }

  @Test
  void theGatewaysAnonymousIdIsTakenWithTheSecret() {
    ApiUser u =
        caller(
            withSecret,
            r -> {
              r.addHeader(CurrentUser.ANON_HEADER, ID);
              r.addHeader(CurrentUser.GATEWAY_SECRET_HEADER, SECRET);
            });
    assertThat(u.id()).isEqualTo(ID);
    assertThat(u.isAnonymous()).isTrue();
    assertThat(CurrentUser.anonymousIdGiven()).isTrue();

    ApiUser fromCookie =
        caller(
            withSecret,
            r -> {
              r.setCookies(new Cookie(CurrentUser.ANON_HEADER, ID));
              r.addHeader(CurrentUser.GATEWAY_SECRET_HEADER, SECRET);
            });
    assertThat(fromCookie.id()).isEqualTo(ID);
  }

  @Test
  void withoutTheSecretTheCallerIsANewVisitor() {
    for (String proof : new String[] {null, "", "wrong", SECRET + "x", SECRET.substring(1)}) {
      ApiUser u =
          caller(
              withSecret,
              r -> {
                r.addHeader(CurrentUser.ANON_HEADER, ID);
                r.setCookies(new Cookie(CurrentUser.ANON_HEADER, ID));
                if (proof != null) {
                  r.addHeader(CurrentUser.GATEWAY_SECRET_HEADER, proof);
                }
              });
      assertThat(u.id()).as(String.valueOf(proof)).isNotEqualTo(ID).startsWith("anon-");
      assertThat(CurrentUser.anonymousIdGiven()).isFalse();
    }
  }

  @Test
  void withoutAConfiguredSecretNoAnonymousIdIsTaken() {
    ApiUser u =
        caller(
            currentUser(""),
            r -> {
              r.addHeader(CurrentUser.ANON_HEADER, ID);
              r.addHeader(CurrentUser.GATEWAY_SECRET_HEADER, "");
            });
    assertThat(u.id()).isNotEqualTo(ID);
  }

  /** A user's id (a UUID, or any id without the prefix) can never be an anonymous visitor's. */
  @Test
  void idsWithoutTheAnonymousFormAreIgnored() {
    for (String id :
        new String[] {"0b5e3b8a-5a5e-4f6e-9a8e-2b7c2f0f9d11", "anon-", "Anon-x", "anon-a.b"}) {
      ApiUser u =
          caller(
              withSecret,
              r -> {
                r.addHeader(CurrentUser.ANON_HEADER, id);
                r.addHeader(CurrentUser.GATEWAY_SECRET_HEADER, SECRET);
              });
      assertThat(u.id()).as(id).isNotEqualTo(id).startsWith("anon-");
    }
  }
}

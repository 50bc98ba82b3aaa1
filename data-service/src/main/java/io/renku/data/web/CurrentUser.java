package io.renku.data.web;

import io.renku.core.ApiUser;
import io.renku.core.Text;
import io.renku.core.Ulid;
import io.renku.data.config.RenkuProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Turns the verified token of the current request (or its absence) into an {@link ApiUser}. */
@Component
public class CurrentUser {
  public static final String ANON_HEADER = "Renku-Auth-Anon-Id";
  private final String adminRole;

  public CurrentUser(RenkuProperties properties) {
    this.adminRole = properties.auth().adminRole();
  }

  public ApiUser get() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof JwtAuthenticationToken token) {
      return fromJwt(token.getToken());
    }
    return ApiUser.anonymous(anonymousId());
  }

  ApiUser fromJwt(Jwt jwt) {
    String email = jwt.getClaimAsString("email");
    // Only the provider's word makes an address verified (self sign-up does not).
    Object verified = jwt.getClaims().get("email_verified");
    boolean emailVerified =
        email != null && (Boolean.TRUE.equals(verified) || "true".equals(verified));
    String azp = jwt.getClaimAsString("azp");
    if (email == null && azp != null) {
      email = "service-account-" + azp + "@renku.local";
    }
    return new ApiUser(
        jwt.getSubject(),
        true,
        hasRealmRole(jwt, adminRole),
        email,
        jwt.getClaimAsString("given_name"),
        jwt.getClaimAsString("family_name"),
        jwt.getClaimAsString("name"),
        emailVerified);
  }

  private static boolean hasRealmRole(Jwt jwt, String role) {
    Object realmAccess = jwt.getClaims().get("realm_access");
    if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> roles) {
      return roles.contains(role);
    }
    return false;
  }

  /**
   * Whether the request names its anonymous visitor (header or cookie), so that the id stays the
   * same on the next request; without it every request is a new visitor.
   */
  public static boolean anonymousIdGiven() {
    String id = anonymousId();
    return !id.startsWith("anon-") || isGiven(id);
  }

  private static boolean isGiven(String id) {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
      HttpServletRequest request = attrs.getRequest();
      if (id.equals(request.getHeader(ANON_HEADER))) {
        return true;
      }
      if (request.getCookies() != null) {
        for (Cookie c : request.getCookies()) {
          if (ANON_HEADER.equals(c.getName()) && id.equals(c.getValue())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String anonymousId() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
      HttpServletRequest request = attrs.getRequest();
      String header = request.getHeader(ANON_HEADER);
      if (Text.isSafeAnonymousId(header)) {
        return header;
      }
      if (request.getCookies() != null) {
        for (Cookie c : request.getCookies()) {
          if (ANON_HEADER.equals(c.getName()) && Text.isSafeAnonymousId(c.getValue())) {
            return c.getValue();
          }
        }
      }
    }
    return "anon-" + Ulid.next();
  }
}

package io.renku.data.web;

import io.renku.core.ApiUser;
import io.renku.core.Text;
import io.renku.core.Ulid;
import io.renku.data.config.RenkuProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Turns the verified token of the current request (or its absence) into an {@link ApiUser}.
 *
 * <p>An anonymous visitor's id ({@value #ANON_HEADER}, as a header or a cookie of that name) is
 * taken only when the gateway vouches for it: the request carries {@value #GATEWAY_SECRET_HEADER}
 * with the secret shared by the two ({@code renku.gateway-secret}, decision 0015), and the id has
 * the anonymous form ({@value #ANON_PREFIX}…, which no token subject may have). Anything else is a
 * fresh visitor, so that nobody can name themselves someone else by sending a header.
 */
@Component
public class CurrentUser {
  private static final Logger log = LoggerFactory.getLogger(CurrentUser.class);
  public static final String ANON_HEADER = "Renku-Auth-Anon-Id";

  /** Carries the secret that proves the gateway set the identity headers. */
  public static final String GATEWAY_SECRET_HEADER = "Renku-Gateway-Secret";

  /** Every anonymous id starts so; tokens whose subject does are refused (SecurityConfig). */
  public static final String ANON_PREFIX = "anon-";

  /** The anonymous id vouched for in this request, once {@link #get()} has looked. */
  private static final String GIVEN_ATTRIBUTE = CurrentUser.class.getName() + ".given";

  private final String adminRole;
  private final byte[] gatewaySecret;

  @Autowired
  public CurrentUser(
      RenkuProperties properties, @Value("${renku.gateway-secret:}") String gatewaySecret) {
    this(properties.auth().adminRole(), gatewaySecret);
  }

  CurrentUser(String adminRole, String gatewaySecret) {
    this.adminRole = adminRole;
    this.gatewaySecret = gatewaySecret.getBytes(StandardCharsets.UTF_8);
    if (this.gatewaySecret.length == 0) {
      log.warn(
          "renku.gateway-secret is not set: anonymous visitors get a new identity on every"
              + " request (no anonymous sessions)");
    }
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

  /**
   * The realm roles of the current request's verified token ({@code realm_access.roles}); none for
   * anonymous callers. For roles other than the admin role (e.g. the alertmanager webhook's).
   */
  public java.util.Set<String> realmRoles() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof JwtAuthenticationToken token
        && token.getToken().getClaims().get("realm_access") instanceof Map<?, ?> map
        && map.get("roles") instanceof Collection<?> roles) {
      return roles.stream()
          .filter(String.class::isInstance)
          .map(String.class::cast)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
    return java.util.Set.of();
  }

  private static boolean hasRealmRole(Jwt jwt, String role) {
    Object realmAccess = jwt.getClaims().get("realm_access");
    if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> roles) {
      return roles.contains(role);
    }
    return false;
  }

  /**
   * Whether the caller {@link #get()} found is an anonymous visitor the gateway named (header or
   * cookie, vouched for), so that the id stays the same on the next request; without it every
   * request is a new visitor.
   */
  public static boolean anonymousIdGiven() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
        && attrs.getRequest().getAttribute(GIVEN_ATTRIBUTE) != null;
  }

  private String anonymousId() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
      HttpServletRequest request = attrs.getRequest();
      String given = givenAnonymousId(request);
      if (given != null && fromGateway(request)) {
        request.setAttribute(GIVEN_ATTRIBUTE, given);
        return given;
      }
    }
    return ANON_PREFIX + Ulid.next();
  }

  private static String givenAnonymousId(HttpServletRequest request) {
    String header = request.getHeader(ANON_HEADER);
    if (isAnonymousId(header)) {
      return header;
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (ANON_HEADER.equals(c.getName()) && isAnonymousId(c.getValue())) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  /** The anonymous form: {@code anon-} and then letters, digits, {@code _} or {@code -}. */
  public static boolean isAnonymousId(String id) {
    return id != null
        && id.length() > ANON_PREFIX.length()
        && id.startsWith(ANON_PREFIX)
        && Text.isSafeAnonymousId(id);
  }

  /** A constant-time compare of the secret header: cheap enough for every anonymous request. */
  private boolean fromGateway(HttpServletRequest request) {
    String proof = request.getHeader(GATEWAY_SECRET_HEADER);
    return gatewaySecret.length > 0
        && proof != null
        && MessageDigest.isEqual(gatewaySecret, proof.getBytes(StandardCharsets.UTF_8));
  }
}

package io.renku.data.web;

import io.renku.web.EncodedSlashes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Predicate;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with the same rules, checked without a regular expression for
 * the common case.
 *
 * <p>The firewall checks every header, parameter name and value it hands out against {@code
 * [\p{IsAssigned}&&[^\p{IsControl}]]*} each time it is read. For a request carrying a bearer token
 * that is a Unicode-property regex over a kilobyte-long JWT, two or three times per request (the
 * DPoP matcher and the bearer token resolver each read the header): a quarter of the CPU a
 * logged-in request cost in local mode. Printable ASCII (0x20–0x7E) is always assigned and never a
 * control character, so a string made only of it passes here with one loop; anything else goes to
 * the firewall's own predicate, so the answer is the same for every string.
 */
final class RequestFirewall {
  private RequestFirewall() {}

  /**
   * The strict firewall, but one that also lets encoded slashes through for the paths {@code
   * slashes} allows them on (decision 0043): encoded dots, {@code ;} and {@code //} stay refused
   * there too. Tomcat leaves such a slash encoded in the servlet path as well, whose {@code %} the
   * strict rules take for a decoded {@code %25} (a double encoding); so there the firewall allows a
   * {@code %} in the decoded path, and refuses a {@code %25} in the raw one itself, which is the
   * only other way a {@code %} gets into a decoded path.
   */
  static HttpFirewall create(EncodedSlashes slashes) {
    StrictHttpFirewall strict = create();
    StrictHttpFirewall slashed = create();
    slashed.setAllowUrlEncodedSlash(true);
    slashed.setAllowUrlEncodedPercent(true);
    // https%3A%2F%2Fgitlab...: EncodedSlashes allows no literal slash after the prefix, so the
    // double slashes this lets through are only encoded ones, inside the parameter
    slashed.setAllowUrlEncodedDoubleSlash(true);
    return new HttpFirewall() {
      @Override
      public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (!EncodedSlashes.hasEncodedSlash(uri) || !slashes.allows(uri)) {
          return strict.getFirewalledRequest(request);
        }
        if (uri.contains("%25")) {
          throw new RequestRejectedException(
              "The request was rejected because the URL contained an encoded percent.");
        }
        return slashed.getFirewalledRequest(request);
      }

      @Override
      public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
      }
    };
  }

  static StrictHttpFirewall create() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(asciiFirst(StrictHttpFirewall.ALLOWED_HEADER_NAMES));
    firewall.setAllowedHeaderValues(asciiFirst(StrictHttpFirewall.ALLOWED_HEADER_VALUES));
    firewall.setAllowedParameterNames(asciiFirst(StrictHttpFirewall.ALLOWED_PARAMETER_NAMES));
    firewall.setAllowedParameterValues(asciiFirst(StrictHttpFirewall.ALLOWED_PARAMETER_VALUES));
    return firewall;
  }

  /** Accepts printable ASCII at once; asks {@code rule} about everything else. */
  static Predicate<String> asciiFirst(Predicate<String> rule) {
    return value -> isPrintableAscii(value) || rule.test(value);
  }

  static boolean isPrintableAscii(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}

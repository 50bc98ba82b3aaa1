package io.renku.data.web;

import java.util.function.Predicate;
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

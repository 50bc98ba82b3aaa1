package io.renku.secrets.service.web;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/secrets/version}, as the original's: {@code {"version": "..."}}. */
@RestController
public class VersionController {
  private static final String VERSION =
      String.valueOf(
          java.util.Objects.requireNonNullElse(
              VersionController.class.getPackage().getImplementationVersion(), "0.1.0-SNAPSHOT"));

  @GetMapping(path = "/api/secrets/version", produces = "application/json")
  public Map<String, String> version() {
    return Map.of("version", VERSION);
  }
}

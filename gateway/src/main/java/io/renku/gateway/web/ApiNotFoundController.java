package io.renku.gateway.web;

import io.renku.core.ErrorCode;
import io.renku.web.ErrorResponses;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every {@code /api/*} path no route or controller claims: 404 with the error envelope, instead of
 * falling through to the UI (the original proxied these back to its own public URL).
 */
@RestController
public class ApiNotFoundController {
  @RequestMapping("/api/**")
  public ResponseEntity<String> notFound() {
    return ResponseEntity.status(404)
        .contentType(MediaType.APPLICATION_JSON)
        .body(ErrorResponses.json(ErrorCode.NOT_FOUND, "No such API path."));
  }
}

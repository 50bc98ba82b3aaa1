package io.renku.data.misc;

import io.renku.api.data.api.MiscApi;
import io.renku.api.data.model.ErrorDetail;
import io.renku.api.data.model.ErrorResponse;
import io.renku.api.data.model.Version;
import io.renku.core.ErrorCode;
import io.renku.data.config.RenkuProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /version}, {@code /error} (a sample error) and {@code /spec.json}. */
@RestController
public class MiscController implements MiscApi {
  private final String version;
  private final String spec;

  public MiscController(RenkuProperties properties) {
    this.version = properties.version();
    this.spec = loadSpec();
  }

  @Override
  public ResponseEntity<Version> getVersion() {
    return ResponseEntity.ok(new Version(version));
  }

  @Override
  public ResponseEntity<ErrorResponse> getErrorSample() {
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .body(
            new ErrorResponse(
                new ErrorDetail(ErrorCode.VALIDATION.code(), "A sample validation error.")
                    .detail("This endpoint always answers with this error.")));
  }

  /** The merged spec, as the exact bytes the code was generated from. */
  @Override
  public ResponseEntity<Object> getSpec() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(spec);
  }

  private static String loadSpec() {
    try (InputStream in =
        MiscController.class.getResourceAsStream("/io/renku/api/data/spec.json")) {
      if (in == null) {
        throw new IllegalStateException("spec.json is missing from the renku-api jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.renku.data.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the default settings, storage configurations may not point rclone (which runs as the
 * platform's user, inside its network) at loopback or private addresses.
 */
class StorageSchemaPrivateEndpointTest extends ApiTest {

  @Test
  void loopbackAndPrivateEndpointsAreRefused() {
    for (String url :
        new String[] {"http://127.0.0.1:8080/", "http://localhost/", "https://10.1.2.3/dav"}) {
      var r =
          api.anonymous()
              .post(
                  "storage_schema/validate",
                  Map.of("type", "webdav", "url", url, "user", "u", "pass", "p"));
      assertThat(r.status()).as(url + " -> " + r.body()).isEqualTo(422);
      assertThat(r.json().path("error").path("detail").asString()).isEqualTo("url");
    }
    var endpoint =
        api.anonymous()
            .post(
                "storage_schema/validate",
                Map.of("type", "s3", "provider", "Other", "endpoint", "192.168.1.10:9000"));
    assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(422);
    assertThat(endpoint.json().path("error").path("detail").asString()).isEqualTo("endpoint");
  }

  @Test
  void aConnectionTestNeverReachesLoopback() {
    var r =
        api.as(TestUser.random("storageloop"))
            .post(
                "storage_schema/test_connection",
                Map.of(
                    "configuration",
                    Map.of("type", "sftp", "host", "127.0.0.1", "user", "root", "pass", "x"),
                    "source_path",
                    ""));
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.json().path("error").path("detail").asString()).isEqualTo("host");
  }
}

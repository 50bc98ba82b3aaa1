package io.renku.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import io.renku.spicedb.embedded.EmbeddedSpiceDbOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transport behaviour of {@link SpiceDbAuthorizer}: failures, deadlines, the preshared key. */
class SpiceDbAuthorizerTest {

  @Test
  void unreachableSpiceDbIsUnavailableQuickly() throws IOException {
    int closedPort = closedPort();
    try (SpiceDbAuthorizer authorizer =
        new SpiceDbAuthorizer(SpiceDbConfig.plaintext("127.0.0.1", closedPort))) {
      long start = System.nanoTime();

      assertThatThrownBy(
              () -> authorizer.check(SubjectRef.user("u"), ObjectRef.of("project", "p"), "read"))
          .isInstanceOf(AuthorizerUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + closedPort);
      assertThatThrownBy(() -> authorizer.lookupResources("project", "read", SubjectRef.user("u")))
          .isInstanceOf(AuthorizerUnavailableException.class);
      assertThatThrownBy(() -> authorizer.readSchema())
          .isInstanceOf(AuthorizerUnavailableException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void exceededDeadlineIsUnavailable() {
    try (EmbeddedSpiceDb spiceDb = EmbeddedSpiceDb.start();
        SpiceDbAuthorizer authorizer =
            new SpiceDbAuthorizer(
                SpiceDbConfig.plaintext(spiceDb.host(), spiceDb.port())
                    .withDeadline(Duration.ofNanos(1)))) {

      assertThatThrownBy(() -> authorizer.readSchema())
          .isInstanceOf(AuthorizerUnavailableException.class)
          .hasMessageContaining("DEADLINE_EXCEEDED");
    }
  }

  @Test
  void presharedKeyIsSentAndAWrongOneIsABackendError() {
    try (EmbeddedSpiceDb spiceDb =
            EmbeddedSpiceDb.start(EmbeddedSpiceDbOptions.defaults().withPresharedKey("k3y"));
        SpiceDbAuthorizer right =
            new SpiceDbAuthorizer(
                SpiceDbConfig.plaintext(spiceDb.host(), spiceDb.port()).withPresharedKey("k3y"));
        SpiceDbAuthorizer wrong =
            new SpiceDbAuthorizer(
                SpiceDbConfig.plaintext(spiceDb.host(), spiceDb.port())
                    .withPresharedKey("wrong"))) {

      right.writeSchema(RenkuSchema.text());
      right.write(
          List.of(
              RelationshipUpdate.touch(
                  Relationship.of(ObjectRef.of("project", "p"), "owner", SubjectRef.user("u")))));
      assertThat(right.check(SubjectRef.user("u"), ObjectRef.of("project", "p"), "delete"))
          .isTrue();

      assertThatThrownBy(
              () -> wrong.check(SubjectRef.user("u"), ObjectRef.of("project", "p"), "read"))
          .isInstanceOf(AuthorizerException.class)
          .isNotInstanceOf(AuthorizerUnavailableException.class)
          .hasMessageContaining("UNAUTHENTICATED");
    }
  }

  @Test
  void emptySchemaReadsAsEmptyString() {
    try (EmbeddedSpiceDb spiceDb = EmbeddedSpiceDb.start();
        SpiceDbAuthorizer authorizer =
            new SpiceDbAuthorizer(SpiceDbConfig.plaintext(spiceDb.host(), spiceDb.port()))) {

      assertThat(authorizer.readSchema()).isEmpty();
    }
  }

  @Test
  void configValidatesAndHidesTheKey() {
    SpiceDbConfig config = new SpiceDbConfig("localhost", 50051, "secret", null, false);

    assertThat(config.deadline()).isEqualTo(SpiceDbConfig.DEFAULT_DEADLINE);
    assertThat(config.toString()).doesNotContain("secret");
    assertThatThrownBy(() -> new SpiceDbConfig("localhost", 0, null, null, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpiceDbConfig.plaintext("h", 1).withDeadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

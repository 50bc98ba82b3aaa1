package io.renku.data.api;

import static io.renku.data.api.Fixtures.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.renku.data.support.Api;
import io.renku.data.support.ApiTest;
import io.renku.data.support.TestUser;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A user's secrets are written side by side: only their first secret locks their row (to make one
 * key). Before, every create held that lock through its seal (a PBKDF2 derivation of about 0.1 s),
 * so a user's creates ran one at a time (bench/run-secrets: 2.8 creates/s at 16 connections).
 */
class UserSecretConcurrencyTest extends ApiTest {
  @Autowired DataSource dataSource;

  @Test
  void aCreateDoesNotWaitForTheUsersRowOnceTheyHaveAKey() throws Exception {
    TestUser owner = TestUser.random("sconc");
    register(api, owner);
    var first = api.as(owner).post("user/secrets", Map.of("name", "first", "value", "v1"));
    assertThat(first.status()).as(first.body()).isEqualTo(201);

    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      // Another transaction holds a lock on the user's row that only a create's own row lock
      // conflicts with (a secret's foreign key check takes KEY SHARE, which this one allows).
      try (var st =
          c.prepareStatement("SELECT 1 FROM users.users WHERE id = ? FOR NO KEY UPDATE")) {
        st.setString(1, owner.id());
        st.executeQuery().close();
      }
      try {
        CompletableFuture<Api.Response> second =
            CompletableFuture.supplyAsync(
                () -> api.as(owner).post("user/secrets", Map.of("name", "second", "value", "v2")));
        Api.Response r = second.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
      } finally {
        c.rollback();
      }
    }
  }
}

package io.renku.data.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.core.Ulid;
import io.renku.data.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SearchOutbox} writes in the caller's transaction and nowhere else: a change that rolls
 * back after its outbox row takes the row with it, and a call outside a transaction is refused
 * rather than committed on its own.
 */
class SearchOutboxTransactionTest extends ApiTest {
  @Autowired SearchOutbox outbox;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  private int rows(String id) {
    return jdbc.sql("SELECT count(*) FROM search.outbox WHERE entity_id = ?")
        .param(id)
        .query(Integer.class)
        .single();
  }

  @Test
  void aRolledBackChangeTakesItsRowWithIt() {
    String id = Ulid.next();
    assertThatThrownBy(
            () ->
                tx.executeWithoutResult(
                    s -> {
                      outbox.upsert(SearchEntity.PROJECT, id);
                      assertThat(rows(id)).isEqualTo(1); // visible inside the transaction
                      throw new IllegalStateException("the change failed after its outbox row");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(rows(id)).isZero();

    tx.executeWithoutResult(s -> outbox.upsert(SearchEntity.PROJECT, id));
    assertThat(rows(id)).isEqualTo(1);
  }

  @Test
  void aCallOutsideATransactionIsRefused() {
    String id = Ulid.next();
    assertThatThrownBy(() -> outbox.delete(SearchEntity.GROUP, id))
        .isInstanceOf(IllegalTransactionStateException.class);
    assertThat(rows(id)).isZero();
  }
}

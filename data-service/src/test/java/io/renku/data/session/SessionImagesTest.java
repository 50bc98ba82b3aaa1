package io.renku.data.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renku.core.ApiUser;
import io.renku.core.ErrorCode;
import io.renku.core.RenkuException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** The image check's guards: who may ask, which addresses, how long and how many at once. */
class SessionImagesTest {
  private static final ApiUser USER = new ApiUser("u", true, false, null, null, null, null);

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static SessionImages images(SessionImages.Resolver resolver) {
    return new SessionImages(resolver, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  @Test
  void anonymousCallersAreRefusedBeforeAnythingHappens() {
    AtomicInteger lookups = new AtomicInteger();
    SessionImages images =
        images(
            host -> {
              lookups.incrementAndGet();
              return new InetAddress[] {ip("93.184.215.14")};
            });
    assertThatThrownBy(() -> images.accessible(ApiUser.anonymous("anon-x"), "python:3"))
        .isInstanceOfSatisfying(
            RenkuException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED));
    assertThat(lookups).hasValue(0);
  }

  @Test
  void aHostIsResolvedOnceAndRefusedIfAnyAddressIsNotPublic() {
    // DNS rebinding: a first answer that looks public, then the platform's own address.
    AtomicInteger lookups = new AtomicInteger();
    SessionImages rebinding =
        images(
            host ->
                lookups.incrementAndGet() == 1
                    ? new InetAddress[] {ip("127.0.0.1")}
                    : new InetAddress[] {ip("93.184.215.14")});
    assertThat(rebinding.accessible(USER, "registry.example.org/a/b:1")).isFalse();
    assertThat(lookups).as("resolved once; no second lookup to race").hasValue(1);

    for (String address :
        List.of(
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1")) {
      SessionImages one = images(host -> new InetAddress[] {ip("93.184.215.14"), ip(address)});
      assertThat(one.accessible(USER, "registry.example.org/a/b:1")).as(address).isFalse();
    }
    assertThat(SessionImages.isPublic(ip("93.184.215.14"))).isTrue();
  }

  @Test
  void aCheckEndsWithinItsDeadlineEvenWhenTheRegistryNeverAnswers() {
    // 203.0.113.0/24 is TEST-NET-3: public-looking, routed nowhere.
    AtomicInteger lookups = new AtomicInteger();
    SessionImages images =
        images(
            host -> {
              lookups.incrementAndGet();
              return new InetAddress[] {ip("203.0.113.7")};
            });
    long start = System.nanoTime();
    assertThat(images.accessible(USER, "registry.example.org/a/b:1")).isFalse();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(millis).isLessThan(SessionImages.TOTAL.toMillis() + 500);
    assertThat(lookups).hasValue(1);
  }

  @Test
  void beyondAFewChecksAtOnceTheAnswerIs503() throws Exception {
    CountDownLatch inside = new CountDownLatch(SessionImages.MAX_CONCURRENT);
    CountDownLatch release = new CountDownLatch(1);
    SessionImages images =
        images(
            host -> {
              inside.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new InetAddress[] {ip("127.0.0.1")};
            });
    List<Thread> running = new ArrayList<>();
    for (int i = 0; i < SessionImages.MAX_CONCURRENT; i++) {
      running.add(Thread.ofVirtual().start(() -> images.accessible(USER, "example.org/a/b:1")));
    }
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> images.accessible(USER, "example.org/a/b:1"))
        .isInstanceOfSatisfying(
            RenkuException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    release.countDown();
    for (Thread t : running) {
      t.join(5_000);
    }
    assertThat(images.accessible(USER, "example.org/a/b:1")).as("slots come back").isFalse();
  }
}

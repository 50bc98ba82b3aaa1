package io.renku.launcher.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A property-based attack on the whole API through the gateway: thousands of requests generated
 * from {@code /api/data/spec.json} ({@link FuzzRequests}), as the anonymous caller, an ordinary
 * user and an admin. Whatever the request, the answer
 *
 * <ul>
 *   <li>is never a 5xx, and always arrives;
 *   <li>is the error envelope {@code {"error":{"code","message"}}} (JSON) when it is an error, and
 *       never an HTML page, a stack trace or the server's name;
 *   <li>never contains the id, slug or name of another user's private project or launcher, for the
 *       anonymous caller and the ordinary user ({@link FuzzFixture#secrets()});
 *   <li>is never a success for a write by someone else than the admin to the victim's things, the
 *       admin's pool, or the default pool, class and environment.
 * </ul>
 *
 * <p>Bounded and reproducible: the seed is fixed unless {@code -Drenku.fuzz.seed=N} is given (it is
 * printed either way), and {@code -Drenku.fuzz.tries=N} sends more (or fewer) requests. Every
 * finding is collected and reported once per kind and operation, with the request that shows it.
 */
class ApiFuzzAttackTest {
  static final long DEFAULT_SEED = 20_150_020L;
  static final int DEFAULT_TRIES = 5000;

  private static final Pattern STACK_FRAME =
      Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([\\w$]+\\.java:\\d+\\)");

  static AttackPlatform platform;
  static FuzzFixture fixture;
  static FuzzSpec spec;

  @BeforeAll
  static void setUp() throws Exception {
    platform = AttackPlatform.get();
    fixture = new FuzzFixture(platform);
    var r = platform.send("GET", "/api/data/spec.json", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    spec = FuzzSpec.parse(AttackPlatform.json(r.body()));
  }

  @Test
  void randomAndMalformedRequestsNeverFailTheServerNorLeak() {
    long seed = Long.getLong("renku.fuzz.seed", DEFAULT_SEED);
    int tries = Integer.getInteger("renku.fuzz.tries", DEFAULT_TRIES);
    System.out.printf(
        "ApiFuzzAttackTest: seed %d, %d requests, %d operations (-Drenku.fuzz.seed=%d to repeat)%n",
        seed, tries, spec.operations().size(), seed);
    FuzzRequests requests = new FuzzRequests(spec, fixture);
    Findings findings = new Findings();
    Map<Integer, Integer> statuses = new TreeMap<>();
    long started = System.nanoTime();
    qt().withFixedSeed(seed)
        .withExamples(tries)
        .withShrinkCycles(0)
        .forAll(requests.requests())
        .checkAssert(
            request -> {
              AttackPlatform.RawResponse response = send(request);
              statuses.merge(response.status(), 1, Integer::sum);
              check(request, response, findings);
            });
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "ApiFuzzAttackTest: %d requests in %d s (%.1f ms each); statuses %s%n",
        findings.sent,
        took.toSeconds(),
        took.toMillis() / (double) Math.max(1, findings.sent),
        statuses);
    assertThat(findings.report()).as("findings with seed " + seed).isEmpty();
    assertThat(findings.sent).as("requests sent").isGreaterThanOrEqualTo(tries * 9 / 10);
  }

  /**
   * Sends byte for byte; a 429 of the gateway's rate limit is waited out (its Retry-After) and sent
   * again.
   */
  private static AttackPlatform.RawResponse send(FuzzRequests.FuzzRequest request) {
    try {
      for (int attempt = 0; ; attempt++) {
        AttackPlatform.RawResponse r =
            platform.raw(
                request.method() + " " + request.target() + " HTTP/1.1",
                request.body(),
                request.headers().toArray(String[]::new));
        if (r.status() != 429 || attempt == 3) {
          return r;
        }
        // as long as the rate limit says, from its Retry-After (whole seconds), at most 2 s
        String after = r.header("Retry-After");
        long seconds = after != null && after.matches("\\d{1,2}") ? Long.parseLong(after) : 1;
        Thread.sleep(Math.min(2, Math.max(1, seconds)) * 1000L);
      }
    } catch (java.io.IOException e) {
      return new AttackPlatform.RawResponse(-1, Map.of(), "no answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void check(
      FuzzRequests.FuzzRequest request, AttackPlatform.RawResponse response, Findings findings) {
    findings.sent++;
    int status = response.status();
    String body = response.body();
    String type = response.header("Content-Type");
    if (status < 100) {
      findings.add("no answer", request, response);
      return;
    }
    if (status >= 500) {
      findings.add("5xx", request, response);
    }
    if (type != null && type.toLowerCase(Locale.ROOT).contains("html")
        || body.stripLeading().startsWith("<")) {
      findings.add("HTML answer", request, response);
    }
    if (status >= 400 && !request.method().equals("HEAD") && !isEnvelope(type, body)) {
      findings.add("not the error envelope", request, response);
    }
    String server = response.header("Server");
    if (STACK_FRAME.matcher(body).find()
        || body.contains("Apache Tomcat")
        || server != null && server.contains("Tomcat")) {
      findings.add("stack trace or server name", request, response);
    }
    if (request.caller().mustNotSeeSecrets()) {
      String asked = request.text();
      for (String secret : fixture.secrets()) {
        if (!asked.contains(secret.toLowerCase(Locale.ROOT)) && body.contains(secret)) {
          findings.add("leak of " + secret, request, response);
        }
      }
    }
    if (request.write() && !request.caller().admin() && status >= 200 && status < 300) {
      String path = request.target().split("\\?", 2)[0];
      List<String> segments = List.of(path.split("/"));
      for (String target : fixture.othersTargets()) {
        if (segments.contains(target)) {
          findings.add("write to another's resource succeeded", request, response);
        }
      }
    }
  }

  static boolean isEnvelope(String contentType, String body) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return false;
    }
    try {
      JsonNode error = AttackPlatform.json(body).path("error");
      return error.path("code").isIntegralNumber() && error.path("message").isString();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Findings by kind and operation: how many, and the first request that showed each. */
  static final class Findings {
    int sent;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, String> examples = new LinkedHashMap<>();

    void add(String kind, FuzzRequests.FuzzRequest request, AttackPlatform.RawResponse response) {
      String key = kind + " — " + request.operation() + " → " + response.status();
      counts.merge(key, 1, Integer::sum);
      String shownBody = response.body();
      if (shownBody.length() > 400) {
        shownBody = shownBody.substring(0, 400) + "…";
      }
      examples.putIfAbsent(
          key,
          "  e.g. "
              + request
              + "\n    answer: "
              + response.status()
              + " "
              + response.header("Content-Type")
              + " "
              + shownBody);
    }

    List<String> report() {
      List<String> out = new ArrayList<>();
      counts.forEach((key, n) -> out.add(key + " (" + n + "×)\n" + examples.get(key)));
      return out;
    }
  }
}

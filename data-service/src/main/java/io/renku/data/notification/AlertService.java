package io.renku.data.notification;

import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.user.UserService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Alerts ({@code /alerts}, {@code /webhooks/alertmanager}), with the original's rules: each user
 * reads only their own active alerts (anonymous callers have none); only admins create and resolve
 * them through the API; the alertmanager webhook needs a token with the realm role {@code
 * renku.notifications.webhook-role} (or an admin's), as the original's OAuth2 client credentials
 * with the role {@code alertmanager-webhook} (decision 0039).
 */
@Service
public class AlertService {
  private static final Logger log = LoggerFactory.getLogger(AlertService.class);

  /** The original's check of a user id in an alert ({@code UserId} of its spec). */
  private static final Pattern USER_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9-]+$");

  private static final int MAX_SESSION_NAME = 99;

  private final AlertRepository alerts;
  private final UserService users;
  private final String webhookRole;

  public AlertService(
      AlertRepository alerts,
      UserService users,
      @Value("${renku.notifications.webhook-role:alertmanager-webhook}") String webhookRole) {
    this.alerts = alerts;
    this.users = users;
    this.webhookRole = webhookRole;
  }

  /** One alert of a webhook: its status and what it says. */
  public record Incoming(
      boolean firing, Map<String, String> labels, Map<String, String> annotations) {}

  /** What a webhook call did, for the log and the tests. */
  public record WebhookOutcome(int fired, int resolved, int skipped) {}

  /** The caller's unresolved alerts, newest first; an anonymous caller has none. */
  public List<Alert> active(ApiUser caller, String sessionName) {
    if (caller.isAnonymous()) {
      // The original answers its anonymous users (who have an id) with their alerts: none.
      return List.of();
    }
    return alerts.active(caller.id(), sessionName);
  }

  /** A new alert for a user (admins only); 409 while an identical one is active. */
  public Alert create(ApiUser caller, Alert.Draft d) {
    caller.requireAdmin();
    validate(d);
    if (users.find(d.userId()).isEmpty()) {
      throw RenkuException.validation("user_id", "user '" + d.userId() + "' does not exist");
    }
    try {
      Alert created =
          alerts
              .insertUnlessActive(Ulid.next(), d)
              .orElseThrow(
                  () -> RenkuException.conflict("An identical unresolved alert already exists."));
      log.info(
          "Admin {} sent alert {} ({}) to user {}",
          caller.id(),
          created.id(),
          created.eventType(),
          created.userId());
      return created;
    } catch (DataIntegrityViolationException e) {
      // The user was deleted between the check and the insert.
      throw RenkuException.validation("user_id", "user '" + d.userId() + "' does not exist");
    }
  }

  /**
   * Resolves an alert when {@code resolved} is true (admins only); anything else changes nothing,
   * as in the original. An alert resolved already keeps its first resolution date.
   */
  public Alert update(ApiUser caller, String id, Boolean resolved) {
    caller.requireAdmin();
    var found = Boolean.TRUE.equals(resolved) ? alerts.resolve(id) : alerts.get(id);
    Alert alert =
        found.orElseThrow(() -> RenkuException.notFound("Alert with id '" + id + "' not found."));
    if (Boolean.TRUE.equals(resolved)) {
      log.info("Admin {} resolved alert {}", caller.id(), id);
    }
    return alert;
  }

  /**
   * An Alertmanager webhook: firing alerts create the user's alert about the session or update the
   * active one, resolved alerts resolve the user's active alerts about the session with the same
   * title and message. Each alert is written on its own (one statement); one that cannot be is
   * logged and skipped, as the original does, and the others still count.
   *
   * @param roles the realm roles of the caller's token
   */
  public WebhookOutcome webhook(ApiUser caller, Set<String> roles, List<Incoming> incoming) {
    caller.requireAuthenticated();
    if (!caller.admin() && !roles.contains(webhookRole)) {
      throw RenkuException.forbidden(
          "You do not have the required role '" + webhookRole + "' for this operation.");
    }
    int fired = 0;
    int resolved = 0;
    int skipped = 0;
    for (Incoming in : incoming) {
      var draft = AlertmanagerAlerts.draft(in.labels(), in.annotations());
      if (draft.isEmpty() || !acceptable(draft.get())) {
        skipped++;
        continue;
      }
      Alert.Draft d = draft.get();
      try {
        if (in.firing()) {
          if (alerts.upsertActive(Ulid.next(), d).isPresent()) {
            fired++;
          } else {
            log.warn("Alertmanager alert {} names no known user; skipped", d.eventType());
            skipped++;
          }
        } else {
          resolved += alerts.resolveMatching(d.userId(), d.sessionName(), d.title(), d.message());
        }
      } catch (DataAccessException e) {
        log.warn("Alertmanager alert {} could not be written; skipped", d.eventType(), e);
        skipped++;
      }
    }
    var outcome = new WebhookOutcome(fired, resolved, skipped);
    log.info("Alertmanager webhook from {}: {}", caller.id(), outcome);
    return outcome;
  }

  /** Whether a webhook's alert fits the columns (the API checks the same for a created one). */
  private static boolean acceptable(Alert.Draft d) {
    return USER_ID.matcher(d.userId()).matches()
        && d.userId().length() <= 36
        && d.sessionName().length() <= MAX_SESSION_NAME;
  }

  private static void validate(Alert.Draft d) {
    if (d.userId() == null || !USER_ID.matcher(d.userId()).matches()) {
      throw RenkuException.validation("user_id", "must be a user id");
    }
    if (d.sessionName() != null
        && (d.sessionName().isEmpty() || d.sessionName().length() > MAX_SESSION_NAME)) {
      throw RenkuException.validation("session_name", "must have 1 to 99 characters");
    }
    requireText("title", d.title());
    requireText("message", d.message());
    requireText("event_type", d.eventType());
  }

  private static void requireText(String field, String value) {
    if (value == null) {
      throw RenkuException.validation(field, "is required");
    }
  }
}

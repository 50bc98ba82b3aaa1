package io.renku.data.notification;

import java.util.Map;
import java.util.Optional;

/**
 * What an Alertmanager alert is about, read as the original reads it: the user from the label
 * {@code safe_username}, the session from {@code statefulset} (a session's StatefulSet has the
 * session's name), the event type from {@code alertname}, the title and message from the
 * annotations {@code title} and {@code description}. An alert without one of them is none of
 * Renku's (the original skips it too).
 */
final class AlertmanagerAlerts {
  static final String USER_LABEL = "safe_username";
  static final String SESSION_LABEL = "statefulset";
  static final String EVENT_LABEL = "alertname";
  static final String TITLE_ANNOTATION = "title";
  static final String MESSAGE_ANNOTATION = "description";

  private AlertmanagerAlerts() {}

  /** The alert's draft, or empty when a label or annotation it needs is missing or blank. */
  static Optional<Alert.Draft> draft(Map<String, String> labels, Map<String, String> annotations) {
    String user = value(labels, USER_LABEL);
    String session = value(labels, SESSION_LABEL);
    String title = value(annotations, TITLE_ANNOTATION);
    String message = value(annotations, MESSAGE_ANNOTATION);
    String event = value(labels, EVENT_LABEL);
    if (user == null || session == null || title == null || message == null || event == null) {
      return Optional.empty();
    }
    return Optional.of(new Alert.Draft(title, message, event, user, session));
  }

  private static String value(Map<String, String> map, String key) {
    String v = map == null ? null : map.get(key);
    return v == null || v.isEmpty() ? null : v;
  }
}

package io.renku.data.session;

import io.renku.api.data.api.SessionsApi;
import io.renku.api.data.model.ImageCheckResponse;
import io.renku.api.data.model.SessionPatchRequest;
import io.renku.api.data.model.SessionPostRequest;
import io.renku.api.data.model.SessionResources;
import io.renku.api.data.model.SessionResourcesRequests;
import io.renku.api.data.model.SessionResponse;
import io.renku.api.data.model.SessionStatus;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import io.renku.data.launcher.Launcher;
import io.renku.data.session.runtime.RuntimeStatus;
import io.renku.data.web.CurrentUser;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sessions}: the caller's sessions. */
@RestController
public class SessionController implements SessionsApi {
  private final SessionService sessions;
  private final SessionImages images;
  private final CurrentUser currentUser;

  public SessionController(SessionService sessions, SessionImages images, CurrentUser currentUser) {
    this.sessions = sessions;
    this.images = images;
    this.currentUser = currentUser;
  }

  @Override
  public ResponseEntity<List<SessionResponse>> listSessions(String sessionType) {
    if (sessionType != null
        && !sessionType.equals("interactive")
        && !sessionType.equals("non-interactive")) {
      throw RenkuException.validation("session_type", "must be interactive or non-interactive");
    }
    return ResponseEntity.ok(
        sessions.list(currentUser.get(), sessionType).stream()
            .map(SessionController::dto)
            .toList());
  }

  @Override
  public ResponseEntity<SessionResponse> startSession(SessionPostRequest body) {
    ApiUser caller = currentUser.get();
    if (caller.isAnonymous() && !CurrentUser.anonymousIdGiven()) {
      throw RenkuException.unauthorized(
          "Log in, or let the platform keep its anonymous-visitor cookie, to start a session.");
    }
    if (body.getSubmissionId() != null
        || body.getJobCommandOverride() != null
        || body.getJobArgsOverride() != null) {
      throw RenkuException.validation(
          "submission_id", "non-interactive sessions (jobs) are not available on this platform");
    }
    List<SessionMountPlanner.Override> connectorOverrides =
        body.getDataConnectorsOverrides() == null
            ? List.of()
            : body.getDataConnectorsOverrides().stream()
                .map(
                    o ->
                        new SessionMountPlanner.Override(
                            o.getDataConnectorId(),
                            Boolean.TRUE.equals(o.getSkip()),
                            o.getConfiguration(),
                            o.getSourcePath(),
                            o.getTargetPath(),
                            o.getReadonly()))
                .toList();
    List<Launcher.EnvVariable> overrides =
        body.getEnvVariableOverrides() == null
            ? null
            : body.getEnvVariableOverrides().stream()
                .map(v -> new Launcher.EnvVariable(v.getName(), v.getValue()))
                .toList();
    SessionService.Started started =
        sessions.start(
            caller,
            new SessionService.StartRequest(
                body.getLauncherId(),
                body.getResourceClassId(),
                body.getDiskStorage(),
                overrides,
                connectorOverrides));
    return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(dto(started.view()));
  }

  @Override
  public ResponseEntity<SessionResponse> getSession(String sessionId) {
    return ResponseEntity.ok(dto(sessions.get(currentUser.get(), sessionId)));
  }

  @Override
  public ResponseEntity<SessionResponse> patchSession(String sessionId, SessionPatchRequest body) {
    String state = body.getState() == null ? null : body.getState().getValue();
    return ResponseEntity.ok(
        dto(
            sessions.patch(
                currentUser.get(),
                sessionId,
                state,
                body.getResourceClassId(),
                body.getLastInteraction())));
  }

  @Override
  public ResponseEntity<Void> deleteSession(String sessionId) {
    sessions.delete(currentUser.get(), sessionId);
    return ResponseEntity.noContent().build();
  }

  @Override
  public ResponseEntity<Map<String, String>> getSessionLogs(String sessionId, Integer maxLines) {
    String text = sessions.logs(currentUser.get(), sessionId, maxLines == null ? 250 : maxLines);
    return ResponseEntity.ok(Map.of("amalthea-session", text));
  }

  @Override
  public ResponseEntity<ImageCheckResponse> checkSessionImage(String imageUrl) {
    return ResponseEntity.ok(
        new ImageCheckResponse().accessible(images.accessible(currentUser.get(), imageUrl)));
  }

  static SessionResponse dto(SessionService.View v) {
    Session s = v.session();
    return new SessionResponse()
        .name(s.name())
        .image(s.image())
        .resources(
            new SessionResources()
                .requests(
                    new SessionResourcesRequests()
                        .cpu(BigDecimal.valueOf(s.cpu()))
                        .gpu((int) s.gpu())
                        .memory((int) s.memoryGb())
                        .storage((int) s.diskGb())))
        .started(s.startedAt().withOffsetSameInstant(ZoneOffset.UTC))
        .lastInteraction(s.lastInteraction().withOffsetSameInstant(ZoneOffset.UTC))
        .status(status(s, v.runtime()))
        .url(v.url())
        .projectId(s.projectId())
        .launcherId(s.launcherId())
        .resourceClassId(s.resourceClassId())
        .sessionType(SessionResponse.SessionTypeEnum.fromValue(s.sessionType()));
  }

  /** The state the API reports, from the wanted state and what the runtime sees. */
  static SessionStatus status(Session s, RuntimeStatus r) {
    SessionStatus out =
        new SessionStatus()
            .readyContainers(r.readyContainers())
            .totalContainers(r.totalContainers());
    if (!s.wantsRunning() || r.state() == io.renku.data.session.runtime.RuntimeState.HIBERNATED) {
      boolean stopping = r.state() == io.renku.data.session.runtime.RuntimeState.STOPPING;
      out.state(stopping ? SessionStatus.StateEnum.STOPPING : SessionStatus.StateEnum.HIBERNATED);
      out.message(stopping ? "Pausing the session." : "The session is paused.");
      if (s.hibernatedAt() != null && s.hibernationThresholdSeconds() != null) {
        out.willDeleteAt(
            s.hibernatedAt()
                .plusSeconds(s.hibernationThresholdSeconds())
                .withOffsetSameInstant(ZoneOffset.UTC));
      }
      return out;
    }
    switch (r.state()) {
      case RUNNING -> out.state(SessionStatus.StateEnum.RUNNING).message(r.message());
      case FAILED -> out.state(SessionStatus.StateEnum.FAILED).message(r.message());
      case STOPPING -> out.state(SessionStatus.StateEnum.STOPPING).message(r.message());
      case STARTING, ABSENT ->
          out.state(SessionStatus.StateEnum.STARTING)
              .message(r.message() == null ? "Starting the session." : r.message());
      case HIBERNATED -> out.state(SessionStatus.StateEnum.HIBERNATED);
    }
    if (s.idleThresholdSeconds() != null && s.idleThresholdSeconds() > 0) {
      out.willHibernateAt(
          s.lastInteraction()
              .plusSeconds(s.idleThresholdSeconds())
              .withOffsetSameInstant(ZoneOffset.UTC));
    }
    return out;
  }
}

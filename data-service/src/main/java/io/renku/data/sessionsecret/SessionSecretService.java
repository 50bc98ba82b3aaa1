package io.renku.data.sessionsecret;

import io.renku.core.ApiUser;
import io.renku.core.ETags;
import io.renku.core.RenkuException;
import io.renku.core.Ulid;
import io.renku.data.project.Project;
import io.renku.data.project.ProjectService;
import io.renku.data.secret.UserSecret;
import io.renku.data.secret.UserSecretService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's session secret slots and the members' fillings of them, with the original's rules:
 * whoever may change the project creates, changes and deletes its slots; whoever may read it sees
 * them and fills them, each with one of their own secrets (or a new value, which becomes a new
 * secret of theirs), and sees and clears only their own fillings. Values never pass through here
 * except on their way into {@link UserSecretService}, which seals them.
 */
@Service
public class SessionSecretService {
  private static final Logger log = LoggerFactory.getLogger(SessionSecretService.class);

  private static final Pattern FILENAME = Pattern.compile("^[a-zA-Z0-9_\\-.]{1,200}$");

  /** As the original: a secret about to expire would not outlive a session's start. */
  static final long EXPIRY_MARGIN_SECONDS = 120;

  private final SessionSecretRepository repository;
  private final ProjectService projects;
  private final UserSecretService secrets;

  public SessionSecretService(
      SessionSecretRepository repository, ProjectService projects, UserSecretService secrets) {
    this.repository = repository;
    this.projects = projects;
    this.secrets = secrets;
  }

  /** A new slot; a missing name becomes the file name. */
  public record SlotDraft(String projectId, String name, String description, String filename) {}

  /** The fields of a slot to change; null keeps the field, an empty description removes it. */
  public record SlotChanges(String name, String description, String filename) {}

  /**
   * One slot to fill or clear: with {@code secretId} one of the caller's secrets, with {@code
   * value} a new value; neither clears the slot.
   */
  public record Fill(String slotId, String secretId, String value) {
    @Override
    public String toString() {
      return "Fill[slotId=" + slotId + ", secretId=" + secretId + ", value hidden]";
    }
  }

  // ---- slots ----

  public List<SecretSlot> slots(ApiUser caller, String projectId) {
    projects.get(caller, projectId);
    return repository.slots(projectId);
  }

  public SecretSlot slot(ApiUser caller, String slotId) {
    return visibleSlot(caller, slotId, false);
  }

  @Transactional
  public SecretSlot createSlot(ApiUser caller, SlotDraft d) {
    caller.requireAuthenticated();
    projects.requireWrite(caller, d.projectId());
    String filename = requireFilename(d.filename());
    String name = d.name() == null || d.name().isBlank() ? filename : requireName(d.name());
    OffsetDateTime now = now();
    SecretSlot s =
        new SecretSlot(
            Ulid.next(),
            d.projectId(),
            name,
            description(d.description()),
            filename,
            caller.id(),
            now,
            now);
    if (repository.filenameTaken(s.projectId(), filename, null)) {
      throw filenameTaken(filename);
    }
    try {
      repository.insert(s);
    } catch (DuplicateKeyException e) {
      throw filenameTaken(filename); // another request took it between the check and the insert
    }
    log.info("User {} created secret slot {} in project {}", caller.id(), s.id(), s.projectId());
    return s;
  }

  @Transactional
  public SecretSlot updateSlot(ApiUser caller, String slotId, SlotChanges c, String ifMatch) {
    caller.requireAuthenticated();
    SecretSlot old = visibleSlot(caller, slotId, true);
    projects.requireWrite(caller, old.projectId());
    ETags.requireMatch(ifMatch, old.etag());
    String filename = c.filename() == null ? old.filename() : requireFilename(c.filename());
    if (!filename.equals(old.filename())
        && repository.filenameTaken(old.projectId(), filename, old.id())) {
      throw filenameTaken(filename);
    }
    SecretSlot s =
        new SecretSlot(
            old.id(),
            old.projectId(),
            c.name() == null ? old.name() : requireName(c.name()),
            c.description() == null ? old.description() : description(c.description()),
            filename,
            old.createdBy(),
            old.creationDate(),
            laterThan(old.updatedAt()));
    try {
      repository.update(s);
    } catch (DuplicateKeyException e) {
      throw filenameTaken(filename);
    }
    log.info("User {} changed secret slot {}", caller.id(), slotId);
    return s;
  }

  @Transactional
  public void deleteSlot(ApiUser caller, String slotId) {
    caller.requireAuthenticated();
    SecretSlot s = repository.slot(slotId, true).orElse(null);
    if (s == null) {
      return; // as the original: deleting what is not there is fine
    }
    requireVisible(caller, s);
    projects.requireWrite(caller, s.projectId());
    repository.deleteSlot(slotId);
    log.info("User {} deleted secret slot {}", caller.id(), slotId);
  }

  // ---- the caller's fillings ----

  /** The caller's fillings of the project's slots whose secrets are not about to expire. */
  public List<FilledSlot> filled(ApiUser caller, String projectId) {
    caller.requireAuthenticated();
    projects.get(caller, projectId);
    return usable(caller, repository.filled(caller.id(), projectId));
  }

  /**
   * Fills, refills or clears the caller's slots of a project, all or nothing: every item is checked
   * before anything is written.
   *
   * @return the fillings made or changed (cleared slots are not listed)
   */
  @Transactional
  public List<FilledSlot> fill(ApiUser caller, String projectId, List<Fill> fills) {
    caller.requireAuthenticated();
    projects.get(caller, projectId);
    Map<String, SecretSlot> slots =
        repository.slots(projectId).stream()
            .collect(Collectors.toMap(SecretSlot::id, Function.identity()));
    Map<String, FilledSlot> current =
        repository.filled(caller.id(), projectId).stream()
            .collect(Collectors.toMap(f -> f.slot().id(), Function.identity()));
    Set<String> seen = new HashSet<>();
    Set<String> named = new HashSet<>();
    for (Fill f : fills) {
      if (f.slotId() == null || !slots.containsKey(f.slotId())) {
        throw RenkuException.validation(
            "secret_slot_id",
            "session secret slot "
                + f.slotId()
                + " does not exist in this project or you do not have access to it");
      }
      if (!seen.add(f.slotId())) {
        throw RenkuException.validation(
            "secret_slot_id", "slot " + f.slotId() + " appears more than once");
      }
      if (f.secretId() != null && f.value() != null) {
        throw RenkuException.validation("secret_id", "give either secret_id or value, not both");
      }
      if (f.secretId() != null) {
        named.add(f.secretId());
      }
    }
    Set<String> own =
        secrets.own(caller, named).stream().map(UserSecret::id).collect(Collectors.toSet());
    for (String id : named) {
      if (!own.contains(id)) {
        // The same answer for someone else's secret and for none: ids of others stay unseen.
        throw RenkuException.validation(
            "secret_id", "secret " + id + " does not exist or is not one of your secrets");
      }
    }

    List<FilledSlot> result = new ArrayList<>();
    for (Fill f : fills) {
      SecretSlot slot = slots.get(f.slotId());
      FilledSlot before = current.get(slot.id());
      if (f.secretId() != null) {
        fill(caller, slot, f.secretId());
        result.add(new FilledSlot(slot, f.secretId()));
      } else if (f.value() == null) {
        repository.clear(slot.id(), caller.id());
      } else if (before != null) {
        // As the original: a new value for a filled slot replaces the value of its secret.
        secrets.update(
            caller,
            before.secretId(),
            new UserSecretService.Draft(null, f.value(), null, null, null));
        result.add(before);
      } else {
        UserSecret s = secrets.createForSlot(caller, slot.name(), f.value());
        fill(caller, slot, s.id());
        result.add(new FilledSlot(slot, s.id()));
      }
    }
    log.info(
        "User {} changed their fillings of {} secret slot(s) of project {}",
        caller.id(),
        fills.size(),
        projectId);
    return result;
  }

  /**
   * Clears all of the caller's fillings of the project's slots (their secrets stay). Unlike the
   * original (204 whatever the project), 404 when the caller cannot see the project: as everywhere
   * else here, a project one cannot see answers as if it did not exist.
   */
  @Transactional
  public void clearAll(ApiUser caller, String projectId) {
    caller.requireAuthenticated();
    projects.get(caller, projectId);
    repository.clearAll(caller.id(), projectId);
  }

  // ---- for sessions ----

  /**
   * What a session of the project started by the caller gets: the project's secrets directory and,
   * for every slot the caller has filled with a secret that is not about to expire, its file name →
   * the caller's secret id. 404 when the caller cannot read the project.
   */
  public SessionSecretFiles forSession(ApiUser caller, String projectId) {
    Project p = projects.get(caller, projectId);
    if (caller.isAnonymous()) {
      return new SessionSecretFiles(p.secretsMountDirectory(), Map.of());
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (FilledSlot f : usable(caller, repository.filled(caller.id(), projectId))) {
      files.put(f.slot().filename(), f.secretId());
    }
    return new SessionSecretFiles(p.secretsMountDirectory(), files);
  }

  // ---- helpers ----

  private List<FilledSlot> usable(ApiUser caller, List<FilledSlot> filled) {
    if (filled.isEmpty()) {
      return filled;
    }
    OffsetDateTime limit = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(EXPIRY_MARGIN_SECONDS);
    Set<String> usable =
        secrets.own(caller, filled.stream().map(FilledSlot::secretId).toList()).stream()
            .filter(s -> s.expirationTimestamp() == null || s.expirationTimestamp().isAfter(limit))
            .map(UserSecret::id)
            .collect(Collectors.toSet());
    return filled.stream().filter(f -> usable.contains(f.secretId())).toList();
  }

  private void fill(ApiUser caller, SecretSlot slot, String secretId) {
    try {
      repository.fill(Ulid.next(), slot.id(), caller.id(), secretId);
    } catch (DataIntegrityViolationException e) {
      // The foreign key on (secret_id, user_id): the secret went away or was never the caller's.
      throw RenkuException.validation(
          "secret_id", "secret " + secretId + " does not exist or is not one of your secrets");
    }
  }

  /**
   * The slot when the caller can read its project; 404 alike for a missing slot and a hidden one.
   */
  private SecretSlot visibleSlot(ApiUser caller, String slotId, boolean forUpdate) {
    SecretSlot s = repository.slot(slotId, forUpdate).orElseThrow(() -> slotNotFound(slotId));
    requireVisible(caller, s);
    return s;
  }

  private void requireVisible(ApiUser caller, SecretSlot s) {
    try {
      projects.get(caller, s.projectId());
    } catch (RenkuException e) {
      throw slotNotFound(s.id()); // an invisible project hides its slots
    }
  }

  static String requireFilename(String filename) {
    if (filename == null || !FILENAME.matcher(filename).matches()) {
      throw RenkuException.validation(
          "filename", "must be 1 to 200 letters, digits, '_', '-' or '.'");
    }
    if (filename.equals(".") || filename.equals("..")) {
      // The pattern lets these through; as file names they would name a directory.
      throw RenkuException.validation("filename", "must name a file, not '.' or '..'");
    }
    return filename;
  }

  private static String requireName(String name) {
    String n = name.strip();
    if (n.isEmpty() || n.length() > 99) {
      throw RenkuException.validation("name", "must be 1 to 99 characters");
    }
    return n;
  }

  private static String description(String description) {
    if (description == null || description.isEmpty()) {
      return null;
    }
    if (description.length() > 500) {
      throw RenkuException.validation("description", "must be at most 500 characters");
    }
    return description;
  }

  private static RenkuException filenameTaken(String filename) {
    return RenkuException.conflict(
        "A session secret slot with the filename '" + filename + "' already exists.");
  }

  private static RenkuException slotNotFound(String id) {
    return RenkuException.notFound(
        "Session secret slot " + id + " does not exist or you do not have access to it.");
  }

  /** Now, but after {@code before}, so that a change always gets a new ETag. */
  private static OffsetDateTime laterThan(OffsetDateTime before) {
    OffsetDateTime now = now();
    return now.isAfter(before) ? now : before.plus(1, ChronoUnit.MICROS);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}

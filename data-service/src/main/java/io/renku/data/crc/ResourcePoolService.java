package io.renku.data.crc;

import io.renku.authz.postgres.Authz;
import io.renku.authz.postgres.PlatformRelations;
import io.renku.core.ApiUser;
import io.renku.core.RenkuException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Resource pools, their classes and quotas. Whoever may read a pool ({@code resource_pool#read} in
 * SpiceDB: public pools, members, admins) sees it and its classes; only administrators change
 * anything. Exactly one pool is the default, and a pool with classes has exactly one default class:
 * making another one the default moves the flag, and the current default cannot simply be switched
 * off or deleted.
 */
@Service
public class ResourcePoolService {
  private static final Logger log = LoggerFactory.getLogger(ResourcePoolService.class);
  static final int MIN_POOL_NAME = 5;
  static final int MAX_NAME = 40;
  static final Set<String> PLATFORMS = Set.of("linux/amd64", "linux/arm64");
  static final String DEFAULT_POOL_NAME = "Default pool";

  private final ResourcePoolRepository pools;
  private final Authz authz;
  private final ClusterService clusters;

  public ResourcePoolService(ResourcePoolRepository pools, Authz authz, ClusterService clusters) {
    this.pools = pools;
    this.authz = authz;
    this.clusters = clusters;
  }

  /**
   * A class as a request gives it; null fields keep their values (PATCH) or take their defaults
   * (POST, PUT), except {@code isDefault}, where null always keeps the current state.
   */
  public record ClassDraft(
      Integer id,
      String name,
      Double cpu,
      Long memory,
      Long gpu,
      Long maxStorage,
      Long defaultStorage,
      Boolean isDefault,
      Boolean quotaEnforced,
      List<String> tolerations,
      List<ResourceClass.NodeAffinity> nodeAffinities) {}

  /** A quota as a request gives it. */
  public record QuotaDraft(Double cpu, Long memory, Long gpu) {}

  /**
   * A pool as a request gives it; thresholds and the CPU limit factor of 0 mean none. {@code
   * remote}: null keeps it (PATCH) or means none (POST, PUT); in a PATCH, one without a kind and
   * fields removes it.
   */
  public record PoolDraft(
      String name,
      List<ClassDraft> classes,
      QuotaDraft quota,
      Boolean isPublic,
      Boolean isDefault,
      Integer idleThreshold,
      Integer hibernationThreshold,
      Integer hibernationWarningPeriod,
      String clusterId,
      String platform,
      Double cpuLimitFactor,
      RemoteConfiguration remote) {}

  /** The pools the caller may use; administrators get all of them. */
  public List<ResourcePool> list(ApiUser caller) {
    if (caller.admin()) {
      return pools.list(null);
    }
    return pools.list(ids(authz.lookup(caller, "resource_pool", "read")));
  }

  /** The pools another user may use (what {@code resource_pool#read} grants them). */
  public List<ResourcePool> listFor(String userId) {
    return pools.list(ids(authz.lookup(PlatformRelations.user(userId), "resource_pool", "read")));
  }

  /** Whether the caller may see the pool and start sessions on its classes. */
  public boolean mayUse(ApiUser caller, int poolId) {
    return caller.admin() || authz.has(caller, PlatformRelations.resourcePool(poolId), "read");
  }

  public ResourcePool get(ApiUser caller, int id) {
    ResourcePool p = pools.get(id).orElseThrow(() -> notFound(id));
    if (!mayUse(caller, id)) {
      throw notFound(id);
    }
    return p;
  }

  @Transactional
  public ResourcePool create(ApiUser caller, PoolDraft d) {
    caller.requireAdmin();
    Quota quota = d.quota() == null ? null : quota(null, d.quota(), true, "quota.");
    List<ClassDraft> drafts = d.classes() == null ? List.of() : d.classes();
    long defaults = drafts.stream().filter(c -> Boolean.TRUE.equals(c.isDefault())).count();
    if (defaults > 1) {
      throw RenkuException.validation("classes", "only one class can be the default");
    }
    List<ResourceClass> classes = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      ClassDraft cd = drafts.get(i);
      ResourceClass c = merge(null, 0, cd, true, "classes.");
      requireWithinQuota(c, quota, "classes.");
      // Without an explicit default, the first class is the default.
      classes.add(c.withDefault(defaults == 0 ? i == 0 : Boolean.TRUE.equals(cd.isDefault())));
    }
    boolean isDefault = Boolean.TRUE.equals(d.isDefault());
    ResourcePool p =
        new ResourcePool(
            0,
            poolName(d.name()),
            quota,
            isDefault,
            Boolean.TRUE.equals(d.isPublic()),
            threshold("idle_threshold", d.idleThreshold()),
            threshold("hibernation_threshold", d.hibernationThreshold()),
            threshold("hibernation_warning_period", d.hibernationWarningPeriod()),
            cluster(d.clusterId()),
            platform(d.platform()),
            cpuLimitFactor(d.cpuLimitFactor()),
            List.of(),
            d.remote() == null ? null : remote(null, d.remote()));
    requireRemoteAllowed(p);
    if (isDefault) {
      pools.lockDefaults();
      pools.clearDefaultPool(0);
    }
    int id = pools.insertPool(p);
    for (ResourceClass c : classes) {
      pools.insertClass(inPool(c, id));
    }
    authz.write(PlatformRelations.newResourcePool(id, p.isPublic()));
    log.info("User {} created resource pool {} ({})", caller.id(), p.name(), id);
    return pools.get(id).orElseThrow();
  }

  /**
   * Changes a pool. {@code replace} (PUT) replaces every field; otherwise (PATCH) fields left out
   * keep their values. Classes given are changed by id, the others are kept.
   */
  @Transactional
  public ResourcePool update(ApiUser caller, int id, PoolDraft d, boolean replace) {
    caller.requireAdmin();
    ResourcePool old = pools.lock(id).orElseThrow(() -> notFound(id));
    Quota quota =
        d.quota() != null
            ? quota(old.quota(), d.quota(), replace, "quota.")
            : replace ? null : old.quota();
    boolean isDefault = d.isDefault() == null ? old.isDefault() : d.isDefault();
    if (old.isDefault() && !isDefault) {
      throw RenkuException.validation(
          "default", "the default pool stays the default until another pool is made the default");
    }
    boolean isPublic = d.isPublic() == null ? !replace && old.isPublic() : d.isPublic();
    ResourcePool p =
        new ResourcePool(
            id,
            d.name() == null ? (replace ? poolName(null) : old.name()) : poolName(d.name()),
            quota,
            isDefault,
            isPublic,
            keepOr(replace, old.idleThreshold(), "idle_threshold", d.idleThreshold()),
            keepOr(
                replace,
                old.hibernationThreshold(),
                "hibernation_threshold",
                d.hibernationThreshold()),
            keepOr(
                replace,
                old.hibernationWarningPeriod(),
                "hibernation_warning_period",
                d.hibernationWarningPeriod()),
            d.clusterId() != null || replace ? cluster(d.clusterId()) : old.clusterId(),
            d.platform() != null || replace ? platform(d.platform()) : old.platform(),
            d.cpuLimitFactor() != null || replace
                ? cpuLimitFactor(d.cpuLimitFactor())
                : old.cpuLimitFactor(),
            List.of(),
            replace
                ? (d.remote() == null ? null : remote(null, d.remote()))
                : d.remote() == null ? old.remote() : remote(old.remote(), d.remote()));
    requireRemoteAllowed(p);

    List<ClassDraft> drafts = d.classes() == null ? List.of() : d.classes();
    if (drafts.stream().filter(c -> Boolean.TRUE.equals(c.isDefault())).count() > 1) {
      throw RenkuException.validation("classes", "only one class can be the default");
    }
    Integer oldDefault = old.defaultClass().map(ResourceClass::id).orElse(null);
    Integer newDefault =
        drafts.stream()
            .filter(c -> Boolean.TRUE.equals(c.isDefault()))
            .map(ClassDraft::id)
            .findFirst()
            .orElse(oldDefault);
    Map<Integer, ResourceClass> changed = new LinkedHashMap<>();
    for (ClassDraft cd : drafts) {
      ResourceClass current =
          old.resourceClass(cd.id())
              .orElseThrow(
                  () ->
                      RenkuException.validation("classes.id", "the pool has no class " + cd.id()));
      if (Boolean.FALSE.equals(cd.isDefault()) && cd.id().equals(newDefault)) {
        throw RenkuException.validation(
            "classes.default", "make another class the default instead");
      }
      changed.put(cd.id(), merge(current, id, cd, replace, "classes."));
    }
    for (ResourceClass c : old.classes()) {
      boolean wasChanged = changed.containsKey(c.id());
      requireWithinQuota(
          wasChanged ? changed.get(c.id()) : c, quota, wasChanged ? "classes." : "quota.");
    }

    if (isDefault && !old.isDefault()) {
      pools.lockDefaults();
      pools.clearDefaultPool(id);
    }
    pools.updatePool(p);
    if (newDefault != null && !newDefault.equals(oldDefault)) {
      pools.clearDefaultClass(id, newDefault);
    }
    changed
        .values()
        .forEach(c -> pools.updateClass(c.withDefault(newDefault != null && c.id() == newDefault)));
    if (isPublic != old.isPublic()) {
      authz.write(PlatformRelations.publicViewers(PlatformRelations.resourcePool(id), isPublic));
    }
    log.info("User {} changed resource pool {}", caller.id(), id);
    return pools.get(id).orElseThrow();
  }

  /** 409 for the default pool; deleting a pool that is gone is fine. */
  @Transactional
  public void delete(ApiUser caller, int id) {
    caller.requireAdmin();
    Optional<ResourcePool> pool = pools.lock(id);
    if (pool.isEmpty()) {
      return;
    }
    if (pool.get().isDefault()) {
      throw RenkuException.conflict(
          "The default resource pool cannot be deleted; make another pool the default first.");
    }
    authz.removeAllOf(PlatformRelations.resourcePool(id));
    pools.deletePool(id);
    log.info("User {} deleted resource pool {}", caller.id(), id);
  }

  /** The pool's classes, optionally only those whose name starts with {@code namePrefix}. */
  public List<ResourceClass> classes(ApiUser caller, int poolId, String namePrefix) {
    return get(caller, poolId).classes().stream()
        .filter(c -> namePrefix == null || c.name().startsWith(namePrefix))
        .toList();
  }

  public ResourceClass getClass(ApiUser caller, int poolId, int classId) {
    return get(caller, poolId).resourceClass(classId).orElseThrow(() -> classNotFound(classId));
  }

  public ResourceClass getClass(ApiUser caller, int classId) {
    return pools
        .getClass(classId)
        .filter(c -> mayUse(caller, c.poolId()))
        .orElseThrow(() -> classNotFound(classId));
  }

  /** The first class of a pool is its default; a new default class replaces the previous one. */
  @Transactional
  public ResourceClass createClass(ApiUser caller, int poolId, ClassDraft d) {
    caller.requireAdmin();
    ResourcePool p = pools.lock(poolId).orElseThrow(() -> notFound(poolId));
    ResourceClass c = merge(null, poolId, d, true, "");
    requireWithinQuota(c, p.quota(), "");
    boolean isDefault = p.classes().isEmpty() || Boolean.TRUE.equals(d.isDefault());
    if (isDefault) {
      pools.clearDefaultClass(poolId, 0);
    }
    int id = pools.insertClass(c.withDefault(isDefault));
    log.info("User {} added resource class {} to pool {}", caller.id(), id, poolId);
    return pools.getClass(id).orElseThrow();
  }

  @Transactional
  public ResourceClass updateClass(
      ApiUser caller, int poolId, int classId, ClassDraft d, boolean replace) {
    caller.requireAdmin();
    ResourcePool p = pools.lock(poolId).orElseThrow(() -> notFound(poolId));
    ResourceClass old = p.resourceClass(classId).orElseThrow(() -> classNotFound(classId));
    if (d.id() != null && d.id() != classId) {
      throw RenkuException.validation("id", "must be the id of the class in the path");
    }
    ResourceClass c = merge(old, poolId, d, replace, "");
    requireWithinQuota(c, p.quota(), "");
    boolean isDefault = d.isDefault() == null ? old.isDefault() : d.isDefault();
    if (old.isDefault() && !isDefault) {
      throw RenkuException.validation("default", "make another class the default instead");
    }
    if (isDefault && !old.isDefault()) {
      pools.clearDefaultClass(poolId, classId);
    }
    pools.updateClass(c.withDefault(isDefault));
    return pools.getClass(classId).orElseThrow();
  }

  /** 409 for the default class while the pool has others; deleting twice is fine. */
  @Transactional
  public void deleteClass(ApiUser caller, int poolId, int classId) {
    caller.requireAdmin();
    ResourcePool p = pools.lock(poolId).orElseThrow(() -> notFound(poolId));
    Optional<ResourceClass> c = p.resourceClass(classId);
    if (c.isEmpty()) {
      return;
    }
    if (c.get().isDefault() && p.classes().size() > 1) {
      throw RenkuException.conflict(
          "Resource class "
              + classId
              + " is the default of its pool; make another class the default first.");
    }
    pools.deleteClass(classId);
    log.info("User {} deleted resource class {} of pool {}", caller.id(), classId, poolId);
  }

  /** The class's tolerations; administrators only (as the original), 404 for no such class. */
  public List<String> tolerations(ApiUser caller, int poolId, int classId) {
    caller.requireAdmin();
    return adminClass(poolId, classId).tolerations();
  }

  /** The class's node affinities; administrators only, 404 for no such class. */
  public List<ResourceClass.NodeAffinity> nodeAffinities(ApiUser caller, int poolId, int classId) {
    caller.requireAdmin();
    return adminClass(poolId, classId).nodeAffinities();
  }

  /** Removes every toleration ({@code tolerations}) or node affinity of the class. */
  @Transactional
  public void clearPlacement(ApiUser caller, int poolId, int classId, boolean tolerations) {
    caller.requireAdmin();
    ResourcePool p = pools.lock(poolId).orElseThrow(() -> notFound(poolId));
    ResourceClass c = p.resourceClass(classId).orElseThrow(() -> classNotFound(classId));
    pools.updateClass(
        new ResourceClass(
            c.id(),
            c.poolId(),
            c.name(),
            c.cpu(),
            c.memory(),
            c.gpu(),
            c.maxStorage(),
            c.defaultStorage(),
            c.isDefault(),
            c.quotaEnforced(),
            tolerations ? List.of() : c.tolerations(),
            tolerations ? c.nodeAffinities() : List.of()));
    log.info(
        "User {} removed the {} of resource class {}",
        caller.id(),
        tolerations ? "tolerations" : "node affinities",
        classId);
  }

  private ResourceClass adminClass(int poolId, int classId) {
    return pools
        .get(poolId)
        .orElseThrow(() -> notFound(poolId))
        .resourceClass(classId)
        .orElseThrow(() -> classNotFound(classId));
  }

  /** 404 when the pool has none. */
  public Quota quota(ApiUser caller, int poolId) {
    Quota q = get(caller, poolId).quota();
    if (q == null) {
      throw RenkuException.notFound("Resource pool " + poolId + " has no quota.");
    }
    return q;
  }

  /** Sets (PUT) or changes (PATCH) the quota; every class of the pool must fit in it. */
  @Transactional
  public Quota setQuota(ApiUser caller, int poolId, QuotaDraft d, boolean replace) {
    caller.requireAdmin();
    ResourcePool p = pools.lock(poolId).orElseThrow(() -> notFound(poolId));
    Quota q = quota(p.quota(), d, replace, "");
    for (ResourceClass c : p.classes()) {
      requireWithinQuota(c, q, "");
    }
    pools.updatePool(
        new ResourcePool(
            p.id(),
            p.name(),
            q,
            p.isDefault(),
            p.isPublic(),
            p.idleThreshold(),
            p.hibernationThreshold(),
            p.hibernationWarningPeriod(),
            p.clusterId(),
            p.platform(),
            p.cpuLimitFactor(),
            List.of(),
            p.remote()));
    return q;
  }

  /**
   * Creates the default pool when there is none: public, with the classes {@code small} (the
   * default) and {@code medium}. Safe to run on every start and from several replicas at once (it
   * holds the lock that serialises default changes). Returns the pool if it created one.
   */
  @Transactional
  public Optional<ResourcePool> ensureDefaultPool(int idleThreshold, int hibernationThreshold) {
    pools.lockDefaults();
    if (pools.defaultPool().isPresent()) {
      return Optional.empty();
    }
    int id =
        pools.insertPool(
            new ResourcePool(
                0,
                DEFAULT_POOL_NAME,
                null,
                true,
                true,
                idleThreshold,
                hibernationThreshold,
                null,
                null,
                ResourcePool.DEFAULT_PLATFORM,
                null,
                List.of()));
    pools.insertClass(
        new ResourceClass(0, id, "small", 0.5, 1, 0, 10, 1, true, true, List.of(), List.of()));
    pools.insertClass(
        new ResourceClass(0, id, "medium", 1, 2, 0, 20, 1, false, true, List.of(), List.of()));
    authz.write(PlatformRelations.newResourcePool(id, true));
    return pools.get(id);
  }

  /**
   * A class from a request: {@code old} with the draft applied (PATCH), or the draft alone with
   * defaults for what it leaves out ({@code whole}: POST, PUT). The default flag is kept.
   */
  private static ResourceClass merge(
      ResourceClass old, int poolId, ClassDraft d, boolean replace, String prefix) {
    boolean whole = replace || old == null;
    String name =
        d.name() != null
            ? className(prefix, d.name())
            : whole ? className(prefix, null) : old.name();
    double cpu = required(prefix + "cpu", d.cpu(), whole ? null : old == null ? null : old.cpu());
    long memory =
        required(prefix + "memory", d.memory(), whole ? null : old == null ? null : old.memory());
    long gpu = d.gpu() != null ? d.gpu() : whole ? 0 : old.gpu();
    long maxStorage =
        required(
            prefix + "max_storage",
            d.maxStorage(),
            whole ? null : old == null ? null : old.maxStorage());
    long defaultStorage =
        required(
            prefix + "default_storage",
            d.defaultStorage(),
            whole ? null : old == null ? null : old.defaultStorage());
    if (!(cpu > 0) || Double.isInfinite(cpu)) {
      throw RenkuException.validation(prefix + "cpu", "must be greater than 0");
    }
    if (memory <= 0) {
      throw RenkuException.validation(prefix + "memory", "must be greater than 0");
    }
    if (gpu < 0) {
      throw RenkuException.validation(prefix + "gpu", "must not be negative");
    }
    if (maxStorage <= 0) {
      throw RenkuException.validation(prefix + "max_storage", "must be greater than 0");
    }
    if (defaultStorage <= 0 || defaultStorage > maxStorage) {
      throw RenkuException.validation(
          prefix + "default_storage", "must be greater than 0 and at most max_storage");
    }
    boolean quotaEnforced =
        d.quotaEnforced() != null ? d.quotaEnforced() : whole || old.quotaEnforced();
    List<String> tolerations =
        d.tolerations() != null
            ? List.copyOf(new LinkedHashSet<>(d.tolerations()))
            : whole ? List.of() : old.tolerations();
    List<ResourceClass.NodeAffinity> affinities;
    if (d.nodeAffinities() != null) {
      Map<String, ResourceClass.NodeAffinity> byKey = new LinkedHashMap<>();
      d.nodeAffinities().forEach(a -> byKey.put(a.key(), a));
      affinities = List.copyOf(byKey.values());
    } else {
      affinities = whole ? List.of() : old.nodeAffinities();
    }
    return new ResourceClass(
        old == null ? 0 : old.id(),
        poolId,
        name,
        cpu,
        memory,
        gpu,
        maxStorage,
        defaultStorage,
        old != null && old.isDefault(),
        quotaEnforced,
        tolerations,
        affinities);
  }

  private static ResourceClass inPool(ResourceClass c, int poolId) {
    return new ResourceClass(
        c.id(),
        poolId,
        c.name(),
        c.cpu(),
        c.memory(),
        c.gpu(),
        c.maxStorage(),
        c.defaultStorage(),
        c.isDefault(),
        c.quotaEnforced(),
        c.tolerations(),
        c.nodeAffinities());
  }

  /** A quota from a request: {@code old} changed (PATCH) or a whole new one (PUT, or no old). */
  private static Quota quota(Quota old, QuotaDraft d, boolean replace, String prefix) {
    boolean whole = replace || old == null;
    String missing = old == null ? "is required: the pool has no quota yet" : "is required";
    Double cpu = d.cpu() != null ? d.cpu() : whole ? null : old.cpu();
    Long memory = d.memory() != null ? d.memory() : whole ? null : old.memory();
    Long gpu = d.gpu() != null ? d.gpu() : whole ? null : old.gpu();
    if (cpu == null) {
      throw RenkuException.validation(prefix + "cpu", missing);
    }
    if (memory == null) {
      throw RenkuException.validation(prefix + "memory", missing);
    }
    if (gpu == null) {
      throw RenkuException.validation(prefix + "gpu", missing);
    }
    if (!(cpu > 0) || Double.isInfinite(cpu)) {
      throw RenkuException.validation(prefix + "cpu", "must be greater than 0");
    }
    if (memory <= 0) {
      throw RenkuException.validation(prefix + "memory", "must be greater than 0");
    }
    if (gpu < 0) {
      throw RenkuException.validation(prefix + "gpu", "must not be negative");
    }
    return new Quota(old == null ? UUID.randomUUID().toString() : old.id(), cpu, memory, gpu);
  }

  /** 422 when the class asks for more than the quota allows, naming {@code prefix} + the field. */
  private static void requireWithinQuota(ResourceClass c, Quota q, String prefix) {
    if (q == null) {
      return;
    }
    if (c.cpu() > q.cpu()) {
      throw overQuota(prefix + "cpu", c, c.cpu() + " CPUs", q.cpu() + " CPUs");
    }
    if (c.memory() > q.memory()) {
      throw overQuota(prefix + "memory", c, c.memory() + " GB memory", q.memory() + " GB");
    }
    if (c.gpu() > q.gpu()) {
      throw overQuota(prefix + "gpu", c, c.gpu() + " GPUs", q.gpu() + " GPUs");
    }
  }

  private static RenkuException overQuota(
      String field, ResourceClass c, String asked, String allowed) {
    return RenkuException.validation(
        field,
        "the class "
            + c.name()
            + " asks for "
            + asked
            + ", more than the pool's quota of "
            + allowed);
  }

  private static String poolName(String name) {
    String v = name == null ? "" : name.strip();
    if (v.length() < MIN_POOL_NAME || v.length() > MAX_NAME) {
      throw RenkuException.validation(
          "name", "must be " + MIN_POOL_NAME + " to " + MAX_NAME + " characters");
    }
    return v;
  }

  private static String className(String prefix, String name) {
    String v = name == null ? "" : name.strip();
    if (v.isEmpty() || v.length() > MAX_NAME) {
      throw RenkuException.validation(prefix + "name", "must be 1 to " + MAX_NAME + " characters");
    }
    return v;
  }

  private static <T> T required(String field, T given, T current) {
    T v = given != null ? given : current;
    if (v == null) {
      throw RenkuException.validation(field, "is required");
    }
    return v;
  }

  /** Seconds; 0 or none means no threshold. */
  private static Integer threshold(String field, Integer seconds) {
    if (seconds == null || seconds == 0) {
      return null;
    }
    if (seconds < 0) {
      throw RenkuException.validation(field, "must not be negative");
    }
    return seconds;
  }

  private static Integer keepOr(boolean replace, Integer current, String field, Integer given) {
    return given != null || replace ? threshold(field, given) : current;
  }

  private static String platform(String platform) {
    if (platform == null) {
      return ResourcePool.DEFAULT_PLATFORM;
    }
    if (!PLATFORMS.contains(platform)) {
      throw RenkuException.validation("platform", "must be linux/amd64 or linux/arm64");
    }
    return platform;
  }

  /** 1 to 100; 0 or none removes it. */
  private static Double cpuLimitFactor(Double factor) {
    if (factor == null || factor == 0) {
      return null;
    }
    if (!(factor >= 1 && factor <= 100)) {
      throw RenkuException.validation(
          "cpu_limit_factor", "must be between 1 and 100, or 0 to remove it");
    }
    return factor;
  }

  private static List<Integer> ids(List<String> ids) {
    List<Integer> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      try {
        out.add(Integer.valueOf(id));
      } catch (NumberFormatException e) {
        // Not a pool of ours: ignore.
      }
    }
    return out;
  }

  /** The cluster id of a request: null, or an existing cluster's (422 naming the field). */
  private String cluster(String clusterId) {
    if (clusterId != null && !clusters.exists(clusterId)) {
      throw RenkuException.validation("cluster_id", "there is no cluster " + clusterId);
    }
    return clusterId;
  }

  /** As the original: a remote pool can be neither the default nor public. */
  private static void requireRemoteAllowed(ResourcePool p) {
    if (p.remote() == null) {
      return;
    }
    if (p.isDefault()) {
      throw RenkuException.validation(
          "remote", "the default resource pool cannot start remote sessions");
    }
    if (p.isPublic()) {
      throw RenkuException.validation(
          "remote", "a resource pool which starts remote sessions cannot be public");
    }
  }

  /**
   * The remote configuration after a request: {@code given} alone ({@code old} null: POST, PUT, or
   * a PATCH of a pool without one) or {@code given} applied to {@code old} (PATCH); an empty {@code
   * given} in a PATCH removes it. Checked as the original checks it.
   */
  static RemoteConfiguration remote(RemoteConfiguration old, RemoteConfiguration given) {
    boolean empty =
        given.kind() == null
            && given.providerId() == null
            && given.apiUrl() == null
            && given.systemName() == null
            && given.partition() == null
            && given.baseUrl() == null;
    if (empty) {
      return null;
    }
    String kind = given.kind() != null ? given.kind() : old == null ? null : old.kind();
    if (kind == null) {
      throw RenkuException.validation("remote.kind", "is required");
    }
    if (old != null && !kind.equals(old.kind())) {
      throw RenkuException.validation(
          "remote.kind",
          "cannot turn a " + old.kind() + " remote into a " + kind + " one; create a new pool");
    }
    RemoteConfiguration r =
        old == null
            ? given
            : new RemoteConfiguration(
                kind,
                given.providerId() != null ? given.providerId() : old.providerId(),
                given.apiUrl() != null ? given.apiUrl() : old.apiUrl(),
                given.systemName() != null ? given.systemName() : old.systemName(),
                given.partition() != null ? given.partition() : old.partition(),
                given.baseUrl() != null ? given.baseUrl() : old.baseUrl());
    return switch (kind) {
      case RemoteConfiguration.FIRECREST -> {
        httpsUrl("remote.api_url", r.apiUrl());
        if (r.systemName() == null || r.systemName().isBlank()) {
          throw RenkuException.validation("remote.system_name", "is required for firecrest");
        }
        yield new RemoteConfiguration(
            kind, r.providerId(), r.apiUrl(), r.systemName(), r.partition(), null);
      }
      case RemoteConfiguration.RUNAI -> {
        httpsUrl("remote.base_url", r.baseUrl());
        yield new RemoteConfiguration(kind, r.providerId(), null, null, null, r.baseUrl());
      }
      default -> throw RenkuException.validation("remote.kind", "must be firecrest or runai");
    };
  }

  private static void httpsUrl(String field, String url) {
    if (url == null) {
      throw RenkuException.validation(field, "is required");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw RenkuException.validation(field, "is not a URL");
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw RenkuException.validation(field, "must be an https URL with a host");
    }
  }

  static RenkuException notFound(int id) {
    return RenkuException.notFound(
        "Resource pool " + id + " does not exist or you do not have access to it.");
  }

  static RenkuException classNotFound(int id) {
    return RenkuException.notFound(
        "Resource class " + id + " does not exist or you do not have access to it.");
  }
}

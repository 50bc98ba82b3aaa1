package io.renku.authz;

import com.authzed.api.v1.CheckBulkPermissionsPair;
import com.authzed.api.v1.CheckBulkPermissionsRequest;
import com.authzed.api.v1.CheckBulkPermissionsRequestItem;
import com.authzed.api.v1.CheckPermissionRequest;
import com.authzed.api.v1.CheckPermissionResponse.Permissionship;
import com.authzed.api.v1.DeleteRelationshipsRequest;
import com.authzed.api.v1.DeleteRelationshipsResponse.DeletionProgress;
import com.authzed.api.v1.LookupPermissionship;
import com.authzed.api.v1.LookupResourcesRequest;
import com.authzed.api.v1.LookupResourcesResponse;
import com.authzed.api.v1.PermissionsServiceGrpc;
import com.authzed.api.v1.PermissionsServiceGrpc.PermissionsServiceBlockingStub;
import com.authzed.api.v1.ReadRelationshipsRequest;
import com.authzed.api.v1.ReadSchemaRequest;
import com.authzed.api.v1.SchemaServiceGrpc;
import com.authzed.api.v1.SchemaServiceGrpc.SchemaServiceBlockingStub;
import com.authzed.api.v1.WriteRelationshipsRequest;
import com.authzed.api.v1.WriteSchemaRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link Authorizer} over SpiceDB's gRPC API with the official authzed client; works the same
 * against a SpiceDB server and the embedded engine.
 */
public final class SpiceDbAuthorizer implements Authorizer, AutoCloseable {

  /** SpiceDB's default limit of updates per WriteRelationships call. */
  static final int MAX_UPDATES_PER_WRITE = 1000;

  /**
   * Items per CheckBulkPermissions call: keeps one request and its answer small, in line with
   * SpiceDB's other per-call defaults (the engine itself accepted 2500 in a test).
   */
  static final int MAX_CHECKS_PER_BULK = 1000;

  /** Relationships deleted per DeleteRelationships call (SpiceDB's default maximum). */
  static final int MAX_DELETES_PER_CALL = 1000;

  private final ManagedChannel channel;
  private final PermissionsServiceBlockingStub permissions;
  private final SchemaServiceBlockingStub schema;
  private final Duration deadline;
  private final String target;

  public SpiceDbAuthorizer(SpiceDbConfig config) {
    this(
        Grpc.newChannelBuilderForAddress(
                Objects.requireNonNull(config, "config").host(),
                config.port(),
                config.plaintext()
                    ? InsecureChannelCredentials.create()
                    : TlsChannelCredentials.create())
            .userAgent("renku-authz")
            .build(),
        config.presharedKey(),
        config.deadline(),
        config.host() + ":" + config.port());
  }

  /**
   * A client of a SpiceDB endpoint served in this JVM on grpc's in-process transport (the embedded
   * engine's {@code inProcessName()}): the same API and client, without TCP.
   */
  public static SpiceDbAuthorizer inProcess(String name, String presharedKey, Duration deadline) {
    return new SpiceDbAuthorizer(
        InProcessChannelBuilder.forName(name).directExecutor().build(),
        presharedKey,
        deadline == null ? SpiceDbConfig.DEFAULT_DEADLINE : deadline,
        "in-process:" + name);
  }

  private SpiceDbAuthorizer(
      ManagedChannel channel, String presharedKey, Duration deadline, String target) {
    this.channel = channel;
    PermissionsServiceBlockingStub permissionsStub =
        PermissionsServiceGrpc.newBlockingStub(channel);
    SchemaServiceBlockingStub schemaStub = SchemaServiceGrpc.newBlockingStub(channel);
    if (presharedKey != null && !presharedKey.isBlank()) {
      BearerToken token = new BearerToken(presharedKey);
      permissionsStub = permissionsStub.withCallCredentials(token);
      schemaStub = schemaStub.withCallCredentials(token);
    }
    this.permissions = permissionsStub;
    this.schema = schemaStub;
    this.deadline = deadline;
    this.target = target;
  }

  @Override
  public boolean check(SubjectRef subject, ObjectRef resource, String permission) {
    CheckPermissionRequest request =
        CheckPermissionRequest.newBuilder()
            .setConsistency(Protos.FULLY_CONSISTENT)
            .setResource(Protos.object(Objects.requireNonNull(resource, "resource")))
            .setPermission(Names.relation(permission, "permission"))
            .setSubject(Protos.subject(concrete(subject)))
            .build();
    Permissionship result =
        call("CheckPermission", () -> permissions().checkPermission(request).getPermissionship());
    // CONDITIONAL (caveats) counts as denied: the Renku schema has no caveats, so fail closed.
    return result == Permissionship.PERMISSIONSHIP_HAS_PERMISSION;
  }

  @Override
  public Map<ObjectRef, Boolean> checkBulk(
      SubjectRef subject, Collection<ObjectRef> resources, String permission) {
    Names.relation(permission, "permission");
    concrete(subject);
    List<ObjectRef> distinct = List.copyOf(new LinkedHashSet<>(resources));
    Map<ObjectRef, Boolean> answers = new HashMap<>();
    for (int from = 0; from < distinct.size(); from += MAX_CHECKS_PER_BULK) {
      List<ObjectRef> chunk =
          distinct.subList(from, Math.min(distinct.size(), from + MAX_CHECKS_PER_BULK));
      checkChunk(subject, chunk, permission, answers);
    }
    Map<ObjectRef, Boolean> ordered = new LinkedHashMap<>();
    for (ObjectRef resource : distinct) {
      ordered.put(resource, answers.get(resource));
    }
    return ordered;
  }

  private void checkChunk(
      SubjectRef subject, List<ObjectRef> chunk, String permission, Map<ObjectRef, Boolean> out) {
    CheckBulkPermissionsRequest.Builder request =
        CheckBulkPermissionsRequest.newBuilder().setConsistency(Protos.FULLY_CONSISTENT);
    for (ObjectRef resource : chunk) {
      request.addItems(
          CheckBulkPermissionsRequestItem.newBuilder()
              .setResource(Protos.object(resource))
              .setPermission(permission)
              .setSubject(Protos.subject(subject)));
    }
    List<CheckBulkPermissionsPair> pairs =
        call(
            "CheckBulkPermissions",
            () -> permissions().checkBulkPermissions(request.build()).getPairsList());
    for (CheckBulkPermissionsPair pair : pairs) {
      if (pair.hasError()) {
        // Each item can fail on its own; surface it as if the whole call had failed with it.
        Status status =
            Status.fromCodeValue(pair.getError().getCode())
                .withDescription(pair.getError().getMessage());
        throw translate("CheckBulkPermissions", status.asRuntimeException());
      }
      out.put(
          Protos.object(pair.getRequest().getResource()),
          pair.getItem().getPermissionship() == Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
    }
  }

  @Override
  public List<String> lookupResources(String resourceType, String permission, SubjectRef subject) {
    LookupResourcesRequest request =
        LookupResourcesRequest.newBuilder()
            .setConsistency(Protos.FULLY_CONSISTENT)
            .setResourceObjectType(Names.type(resourceType, "resource type"))
            .setPermission(Names.relation(permission, "permission"))
            .setSubject(Protos.subject(concrete(subject)))
            .build();
    return call(
        "LookupResources",
        () -> {
          Set<String> ids = new LinkedHashSet<>();
          // Drain the stream inside call(): errors surface from hasNext() as well.
          permissions()
              .lookupResources(request)
              .forEachRemaining(
                  (LookupResourcesResponse r) -> {
                    if (r.getPermissionship()
                        == LookupPermissionship.LOOKUP_PERMISSIONSHIP_HAS_PERMISSION) {
                      ids.add(r.getResourceObjectId());
                    }
                  });
          return List.copyOf(ids);
        });
  }

  @Override
  public List<Relationship> readRelationships(RelationshipFilter filter) {
    ReadRelationshipsRequest request =
        ReadRelationshipsRequest.newBuilder()
            .setConsistency(Protos.FULLY_CONSISTENT)
            .setRelationshipFilter(Protos.filter(Objects.requireNonNull(filter, "filter")))
            .build();
    return call(
        "ReadRelationships",
        () -> {
          List<Relationship> result = new ArrayList<>();
          permissions()
              .readRelationships(request)
              .forEachRemaining(r -> result.add(Protos.relationship(r.getRelationship())));
          return List.copyOf(result);
        });
  }

  @Override
  public void write(List<RelationshipUpdate> updates) {
    List<RelationshipUpdate> distinct = distinctUpdates(updates);
    for (int from = 0; from < distinct.size(); from += MAX_UPDATES_PER_WRITE) {
      WriteRelationshipsRequest.Builder request = WriteRelationshipsRequest.newBuilder();
      for (RelationshipUpdate update :
          distinct.subList(from, Math.min(distinct.size(), from + MAX_UPDATES_PER_WRITE))) {
        request.addUpdates(Protos.update(update));
      }
      call("WriteRelationships", () -> permissions().writeRelationships(request.build()));
    }
  }

  /**
   * SpiceDB rejects a request that names one relationship twice. Exact repeats are harmless, so
   * collapse them; TOUCH and DELETE of the same relationship is a caller bug, and rejecting it here
   * keeps the outcome independent of where the batches happen to be cut.
   */
  private static List<RelationshipUpdate> distinctUpdates(List<RelationshipUpdate> updates) {
    Map<Relationship, RelationshipUpdate> byRelationship = new LinkedHashMap<>();
    for (RelationshipUpdate update : updates) {
      RelationshipUpdate previous =
          byRelationship.putIfAbsent(
              Objects.requireNonNull(update, "update").relationship(), update);
      if (previous != null && previous.operation() != update.operation()) {
        throw new IllegalArgumentException(
            "both TOUCH and DELETE of " + update.relationship() + " in one write");
      }
    }
    return List.copyOf(byRelationship.values());
  }

  @Override
  public void deleteAll(RelationshipFilter filter) {
    // Delete in bounded steps: SpiceDB refuses to delete more than its limit in one call unless
    // partial deletion is allowed, and then reports PARTIAL until nothing is left.
    DeleteRelationshipsRequest request =
        DeleteRelationshipsRequest.newBuilder()
            .setRelationshipFilter(Protos.filter(Objects.requireNonNull(filter, "filter")))
            .setOptionalLimit(MAX_DELETES_PER_CALL)
            .setOptionalAllowPartialDeletions(true)
            .build();
    DeletionProgress progress;
    do {
      progress =
          call(
              "DeleteRelationships",
              () -> permissions().deleteRelationships(request).getDeletionProgress());
    } while (progress == DeletionProgress.DELETION_PROGRESS_PARTIAL);
  }

  @Override
  public void writeSchema(String schemaText) {
    WriteSchemaRequest request =
        WriteSchemaRequest.newBuilder()
            .setSchema(Objects.requireNonNull(schemaText, "schema"))
            .build();
    call("WriteSchema", () -> schema().writeSchema(request));
  }

  @Override
  public String readSchema() {
    try {
      return schema().readSchema(ReadSchemaRequest.getDefaultInstance()).getSchemaText();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return ""; // no schema written yet
      }
      throw translate("ReadSchema", e);
    }
  }

  /** Shuts the channel down, waiting briefly for calls in flight. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "SpiceDbAuthorizer[" + target + "]";
  }

  // A deadline is absolute, so each call gets fresh stubs with its own.
  private PermissionsServiceBlockingStub permissions() {
    return permissions.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private SchemaServiceBlockingStub schema() {
    return schema.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static SubjectRef concrete(SubjectRef subject) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isWildcard()) {
      throw new IllegalArgumentException(
          "cannot check a wildcard subject (" + subject + "); check a concrete one");
    }
    return subject;
  }

  private <T> T call(String operation, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw translate(operation, e);
    }
  }

  private RuntimeException translate(String operation, StatusRuntimeException e) {
    Status status = e.getStatus();
    String message =
        operation
            + " failed: "
            + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription());
    return switch (status.getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED ->
          new AuthorizerUnavailableException(
              "SpiceDB at " + target + " unavailable: " + message, e);
      case INVALID_ARGUMENT, FAILED_PRECONDITION -> new IllegalArgumentException(message, e);
      default -> new AuthorizerException(message, e);
    };
  }
}

package io.renku.spicedb.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.authzed.api.v1.CheckBulkPermissionsRequest;
import com.authzed.api.v1.CheckBulkPermissionsRequestItem;
import com.authzed.api.v1.CheckBulkPermissionsResponse;
import com.authzed.api.v1.CheckPermissionRequest;
import com.authzed.api.v1.CheckPermissionResponse.Permissionship;
import com.authzed.api.v1.Consistency;
import com.authzed.api.v1.DeleteRelationshipsRequest;
import com.authzed.api.v1.ExpandPermissionTreeRequest;
import com.authzed.api.v1.ExperimentalReflectSchemaRequest;
import com.authzed.api.v1.ExperimentalServiceGrpc;
import com.authzed.api.v1.LookupResourcesRequest;
import com.authzed.api.v1.LookupSubjectsRequest;
import com.authzed.api.v1.ObjectReference;
import com.authzed.api.v1.PermissionsServiceGrpc;
import com.authzed.api.v1.PermissionsServiceGrpc.PermissionsServiceBlockingStub;
import com.authzed.api.v1.ReadRelationshipsRequest;
import com.authzed.api.v1.ReadRelationshipsResponse;
import com.authzed.api.v1.ReadSchemaRequest;
import com.authzed.api.v1.Relationship;
import com.authzed.api.v1.RelationshipFilter;
import com.authzed.api.v1.RelationshipUpdate;
import com.authzed.api.v1.SchemaServiceGrpc;
import com.authzed.api.v1.SubjectReference;
import com.authzed.api.v1.WatchRequest;
import com.authzed.api.v1.WatchResponse;
import com.authzed.api.v1.WatchServiceGrpc;
import com.authzed.api.v1.WriteRelationshipsRequest;
import com.authzed.api.v1.WriteSchemaRequest;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Talks to the embedded engine through the official authzed client, as a service would. */
class EmbeddedSpiceDbTest {

  static final String SCHEMA =
      """
      definition user {}

      definition document {
        relation viewer: user | user:*
        relation editor: user
        permission edit = editor
        permission view = viewer + edit
      }
      """;

  private static final Consistency FULL = Consistency.newBuilder().setFullyConsistent(true).build();

  private final List<AutoCloseable> resources = new ArrayList<>();
  private EmbeddedSpiceDb db;
  private PermissionsServiceBlockingStub permissions;

  @BeforeEach
  void startEngine() {
    db = track(EmbeddedSpiceDb.start());
    permissions = PermissionsServiceGrpc.newBlockingStub(channel(db));
    SchemaServiceGrpc.newBlockingStub(channel(db))
        .writeSchema(WriteSchemaRequest.newBuilder().setSchema(SCHEMA).build());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  @Test
  void servesOnLoopbackWithEphemeralPort() {
    assertThat(db.port()).isPositive();
    assertThat(db.host()).isEqualTo("127.0.0.1");
    assertThat(db.target()).isEqualTo("127.0.0.1:" + db.port());
  }

  @Test
  void readsBackTheWrittenSchema() {
    String schema =
        SchemaServiceGrpc.newBlockingStub(channel(db))
            .readSchema(ReadSchemaRequest.getDefaultInstance())
            .getSchemaText();
    assertThat(schema).contains("definition document").contains("permission view");
  }

  @Test
  void checksAllowedAndDenied() {
    write(rel("document", "d1", "editor", "alice"), rel("document", "d1", "viewer", "bob"));

    assertThat(check("d1", "edit", "alice"))
        .isEqualTo(Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
    assertThat(check("d1", "view", "alice"))
        .isEqualTo(Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
    assertThat(check("d1", "view", "bob")).isEqualTo(Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
    assertThat(check("d1", "edit", "bob")).isEqualTo(Permissionship.PERMISSIONSHIP_NO_PERMISSION);
    assertThat(check("d1", "view", "carol")).isEqualTo(Permissionship.PERMISSIONSHIP_NO_PERMISSION);
  }

  @Test
  void wildcardSubjectGrantsEveryUser() {
    write(rel("document", "public", "viewer", "*"));

    assertThat(check("public", "view", "anyone"))
        .isEqualTo(Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
  }

  @Test
  void bulkCheck() {
    write(rel("document", "d1", "viewer", "alice"), rel("document", "d3", "editor", "alice"));

    CheckBulkPermissionsRequest.Builder request =
        CheckBulkPermissionsRequest.newBuilder().setConsistency(FULL);
    for (String id : List.of("d1", "d2", "d3")) {
      request.addItems(
          CheckBulkPermissionsRequestItem.newBuilder()
              .setResource(object("document", id))
              .setPermission("view")
              .setSubject(user("alice")));
    }
    CheckBulkPermissionsResponse response = permissions.checkBulkPermissions(request.build());

    assertThat(response.getPairsList())
        .extracting(pair -> pair.getRequest().getResource().getObjectId())
        .containsExactly("d1", "d2", "d3");
    assertThat(response.getPairsList())
        .extracting(pair -> pair.getItem().getPermissionship())
        .containsExactly(
            Permissionship.PERMISSIONSHIP_HAS_PERMISSION,
            Permissionship.PERMISSIONSHIP_NO_PERMISSION,
            Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
  }

  @Test
  void looksUpResourcesOverTheStreamingSocket() {
    write(
        rel("document", "d1", "viewer", "alice"),
        rel("document", "d2", "editor", "alice"),
        rel("document", "d3", "viewer", "bob"));

    List<String> ids = new ArrayList<>();
    permissions
        .lookupResources(
            LookupResourcesRequest.newBuilder()
                .setConsistency(FULL)
                .setResourceObjectType("document")
                .setPermission("view")
                .setSubject(user("alice"))
                .build())
        .forEachRemaining(r -> ids.add(r.getResourceObjectId()));

    assertThat(ids).containsExactlyInAnyOrder("d1", "d2");
  }

  @Test
  void looksUpSubjects() {
    write(rel("document", "d1", "viewer", "alice"), rel("document", "d1", "editor", "bob"));

    List<String> subjects = new ArrayList<>();
    permissions
        .lookupSubjects(
            LookupSubjectsRequest.newBuilder()
                .setConsistency(FULL)
                .setResource(object("document", "d1"))
                .setPermission("view")
                .setSubjectObjectType("user")
                .build())
        .forEachRemaining(r -> subjects.add(r.getSubject().getSubjectObjectId()));

    assertThat(subjects).containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void readsRelationshipsByFilterAndStreamsManyResults() {
    List<Relationship> many =
        IntStream.range(0, 1500)
            .mapToObj(i -> rel("document", "doc" + i, "viewer", "alice"))
            .toList();
    for (int from = 0; from < many.size(); from += 1000) {
      write(many.subList(from, Math.min(many.size(), from + 1000)).toArray(Relationship[]::new));
    }
    write(rel("document", "doc1", "editor", "bob"));

    assertThat(readAll(RelationshipFilter.newBuilder().setResourceType("document").build()))
        .hasSize(1501);
    List<ReadRelationshipsResponse> doc1 =
        readAll(
            RelationshipFilter.newBuilder()
                .setResourceType("document")
                .setOptionalResourceId("doc1")
                .build());
    assertThat(doc1)
        .extracting(r -> r.getRelationship().getRelation())
        .containsExactlyInAnyOrder("viewer", "editor");
  }

  @Test
  void deletesRelationships() {
    write(rel("document", "d1", "viewer", "alice"), rel("document", "d2", "viewer", "alice"));

    permissions.deleteRelationships(
        DeleteRelationshipsRequest.newBuilder()
            .setRelationshipFilter(
                RelationshipFilter.newBuilder()
                    .setResourceType("document")
                    .setOptionalResourceId("d1"))
            .build());

    assertThat(check("d1", "view", "alice")).isEqualTo(Permissionship.PERMISSIONSHIP_NO_PERMISSION);
    assertThat(check("d2", "view", "alice"))
        .isEqualTo(Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
  }

  @Test
  void expandsPermissionTree() {
    write(rel("document", "d1", "viewer", "alice"));

    var response =
        permissions.expandPermissionTree(
            ExpandPermissionTreeRequest.newBuilder()
                .setConsistency(FULL)
                .setResource(object("document", "d1"))
                .setPermission("view")
                .build());

    assertThat(response.getTreeRoot().toString()).contains("alice");
  }

  @Test
  void invalidSchemaIsInvalidArgument() {
    var schema = SchemaServiceGrpc.newBlockingStub(channel(db));

    assertThatThrownBy(
            () ->
                schema.writeSchema(
                    WriteSchemaRequest.newBuilder().setSchema("definition user {").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).isNotBlank();
            });
  }

  @Test
  void unknownPermissionIsFailedPrecondition() {
    assertThatThrownBy(() -> check("d1", "no_such_permission", "alice"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void methodsTheEngineDoesNotOfferAreUnimplemented() {
    var experimental = ExperimentalServiceGrpc.newBlockingStub(channel(db));

    assertThatThrownBy(
            () ->
                experimental.experimentalReflectSchema(
                    ExperimentalReflectSchemaRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  @Test
  void watchStreamsUpdates() {
    Iterator<WatchResponse> updates =
        WatchServiceGrpc.newBlockingStub(channel(db))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .watch(WatchRequest.newBuilder().addOptionalObjectTypes("document").build());
    // Watch starts from "now" once the call is established; write until an update arrives.
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < 50 && !Thread.currentThread().isInterrupted(); i++) {
                    write(rel("document", "w" + i, "viewer", "alice"));
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    try {
      WatchResponse first = updates.next();
      while (first.getUpdatesCount() == 0) {
        first = updates.next();
      }
      assertThat(first.getUpdates(0).getRelationship().getResource().getObjectId()).startsWith("w");
    } finally {
      writer.interrupt();
    }
  }

  @Test
  void twoInstancesAreIsolated() {
    EmbeddedSpiceDb other = track(EmbeddedSpiceDb.start());
    var otherPermissions = PermissionsServiceGrpc.newBlockingStub(channel(other));
    SchemaServiceGrpc.newBlockingStub(channel(other))
        .writeSchema(WriteSchemaRequest.newBuilder().setSchema(SCHEMA).build());

    write(rel("document", "d1", "viewer", "alice"));

    assertThat(other.port()).isNotEqualTo(db.port());
    assertThat(check("d1", "view", "alice"))
        .isEqualTo(Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
    assertThat(
            otherPermissions
                .checkPermission(checkRequest("d1", "view", "alice"))
                .getPermissionship())
        .isEqualTo(Permissionship.PERMISSIONSHIP_NO_PERMISSION);

    other.close();
    // The first engine is unaffected by disposing the second one.
    assertThat(check("d1", "view", "alice"))
        .isEqualTo(Permissionship.PERMISSIONSHIP_HAS_PERMISSION);
  }

  @Test
  void concurrentChecksFromSixteenThreads() throws Exception {
    write(rel("document", "d1", "viewer", "alice"));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        final int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    boolean alice = i % 2 == 0;
                    Permissionship expected =
                        alice
                            ? Permissionship.PERMISSIONSHIP_HAS_PERMISSION
                            : Permissionship.PERMISSIONSHIP_NO_PERMISSION;
                    if (check("d1", "view", alice ? "alice" : "t" + thread) != expected) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theEnginesOwnSocketIsForThisUserOnly() throws Exception {
    // That socket takes calls without a key: other accounts of the machine must not connect.
    EmbeddedSpiceDb db = track(EmbeddedSpiceDb.start());
    assertThat(
            java.nio.file.Files.getPosixFilePermissions(
                java.nio.file.Path.of(db.streamingSocket())))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void presharedKeyIsRequiredWhenConfigured() {
    EmbeddedSpiceDb secured =
        track(EmbeddedSpiceDb.start(EmbeddedSpiceDbOptions.defaults().withPresharedKey("s3cret")));
    ManagedChannel channel = channel(secured);

    var anonymous = SchemaServiceGrpc.newBlockingStub(channel);
    assertThatThrownBy(() -> anonymous.readSchema(ReadSchemaRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    var wrongKey = SchemaServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer("nope"));
    assertThatThrownBy(() -> wrongKey.readSchema(ReadSchemaRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

    var authorized =
        SchemaServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer("s3cret"));
    authorized.writeSchema(WriteSchemaRequest.newBuilder().setSchema(SCHEMA).build());
    assertThat(authorized.readSchema(ReadSchemaRequest.getDefaultInstance()).getSchemaText())
        .contains("definition document");
  }

  @Test
  void closedEngineRefusesConnections() {
    EmbeddedSpiceDb shortLived = EmbeddedSpiceDb.start();
    ManagedChannel channel = channel(shortLived);
    shortLived.close();
    shortLived.close(); // idempotent

    assertThatThrownBy(
            () ->
                SchemaServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .readSchema(ReadSchemaRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  // --- helpers ---------------------------------------------------------------------------

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private ManagedChannel channel(EmbeddedSpiceDb target) {
    ManagedChannel channel =
        Grpc.newChannelBuilder(target.target(), InsecureChannelCredentials.create()).build();
    resources.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static CallCredentials bearer(String key) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        applier.apply(headers);
      }
    };
  }

  private void write(Relationship... relationships) {
    WriteRelationshipsRequest.Builder request = WriteRelationshipsRequest.newBuilder();
    for (Relationship relationship : relationships) {
      request.addUpdates(
          RelationshipUpdate.newBuilder()
              .setOperation(RelationshipUpdate.Operation.OPERATION_TOUCH)
              .setRelationship(relationship));
    }
    permissions.writeRelationships(request.build());
  }

  private List<ReadRelationshipsResponse> readAll(RelationshipFilter filter) {
    List<ReadRelationshipsResponse> all = new ArrayList<>();
    permissions
        .readRelationships(
            ReadRelationshipsRequest.newBuilder()
                .setConsistency(FULL)
                .setRelationshipFilter(filter)
                .build())
        .forEachRemaining(all::add);
    return all;
  }

  private Permissionship check(String document, String permission, String userId) {
    return permissions
        .checkPermission(checkRequest(document, permission, userId))
        .getPermissionship();
  }

  private static CheckPermissionRequest checkRequest(
      String document, String permission, String userId) {
    return CheckPermissionRequest.newBuilder()
        .setConsistency(FULL)
        .setResource(object("document", document))
        .setPermission(permission)
        .setSubject(user(userId))
        .build();
  }

  private static Relationship rel(String type, String id, String relation, String userId) {
    return Relationship.newBuilder()
        .setResource(object(type, id))
        .setRelation(relation)
        .setSubject(user(userId))
        .build();
  }

  private static ObjectReference object(String type, String id) {
    return ObjectReference.newBuilder().setObjectType(type).setObjectId(id).build();
  }

  private static SubjectReference user(String id) {
    return SubjectReference.newBuilder().setObject(object("user", id)).build();
  }
}

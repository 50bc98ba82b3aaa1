package io.renku.spicedb.embedded;

import com.authzed.api.v1.CheckBulkPermissionsRequest;
import com.authzed.api.v1.CheckBulkPermissionsResponse;
import com.authzed.api.v1.CheckPermissionRequest;
import com.authzed.api.v1.CheckPermissionResponse;
import com.authzed.api.v1.DeleteRelationshipsRequest;
import com.authzed.api.v1.DeleteRelationshipsResponse;
import com.authzed.api.v1.ExpandPermissionTreeRequest;
import com.authzed.api.v1.ExpandPermissionTreeResponse;
import com.authzed.api.v1.LookupResourcesRequest;
import com.authzed.api.v1.LookupResourcesResponse;
import com.authzed.api.v1.LookupSubjectsRequest;
import com.authzed.api.v1.LookupSubjectsResponse;
import com.authzed.api.v1.PermissionsServiceGrpc;
import com.authzed.api.v1.ReadRelationshipsRequest;
import com.authzed.api.v1.ReadRelationshipsResponse;
import com.authzed.api.v1.WriteRelationshipsRequest;
import com.authzed.api.v1.WriteRelationshipsResponse;
import io.grpc.stub.StreamObserver;

/**
 * {@code authzed.api.v1.PermissionsService}: unary methods via FFI, streaming methods relayed to
 * the engine's unix socket. Methods the engine offers neither way (bulk import/export,
 * experimental) keep the base class's UNIMPLEMENTED answer.
 */
final class PermissionsProxy extends PermissionsServiceGrpc.PermissionsServiceImplBase {

  private final UnaryBridge unary;
  private final PermissionsServiceGrpc.PermissionsServiceStub streaming;

  PermissionsProxy(UnaryBridge unary, PermissionsServiceGrpc.PermissionsServiceStub streaming) {
    this.unary = unary;
    this.streaming = streaming;
  }

  @Override
  public void checkPermission(
      CheckPermissionRequest request, StreamObserver<CheckPermissionResponse> out) {
    unary.call(UnaryFunction.CHECK_PERMISSION, request, CheckPermissionResponse.parser(), out);
  }

  @Override
  public void checkBulkPermissions(
      CheckBulkPermissionsRequest request, StreamObserver<CheckBulkPermissionsResponse> out) {
    unary.call(
        UnaryFunction.CHECK_BULK_PERMISSIONS, request, CheckBulkPermissionsResponse.parser(), out);
  }

  @Override
  public void writeRelationships(
      WriteRelationshipsRequest request, StreamObserver<WriteRelationshipsResponse> out) {
    unary.call(
        UnaryFunction.WRITE_RELATIONSHIPS, request, WriteRelationshipsResponse.parser(), out);
  }

  @Override
  public void deleteRelationships(
      DeleteRelationshipsRequest request, StreamObserver<DeleteRelationshipsResponse> out) {
    unary.call(
        UnaryFunction.DELETE_RELATIONSHIPS, request, DeleteRelationshipsResponse.parser(), out);
  }

  @Override
  public void expandPermissionTree(
      ExpandPermissionTreeRequest request, StreamObserver<ExpandPermissionTreeResponse> out) {
    unary.call(
        UnaryFunction.EXPAND_PERMISSION_TREE, request, ExpandPermissionTreeResponse.parser(), out);
  }

  @Override
  public void readRelationships(
      ReadRelationshipsRequest request, StreamObserver<ReadRelationshipsResponse> out) {
    // Started inside the server call's gRPC Context, so its deadline carries over upstream.
    streaming.readRelationships(request, new StreamRelay<>(out));
  }

  @Override
  public void lookupResources(
      LookupResourcesRequest request, StreamObserver<LookupResourcesResponse> out) {
    streaming.lookupResources(request, new StreamRelay<>(out));
  }

  @Override
  public void lookupSubjects(
      LookupSubjectsRequest request, StreamObserver<LookupSubjectsResponse> out) {
    streaming.lookupSubjects(request, new StreamRelay<>(out));
  }
}

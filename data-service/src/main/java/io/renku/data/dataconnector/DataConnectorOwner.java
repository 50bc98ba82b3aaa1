package io.renku.data.dataconnector;

import io.renku.authz.ObjectRef;
import io.renku.authz.SubjectRef;

/**
 * Who owns a connector: a user or group namespace, or a project (exactly one of the ids is set).
 *
 * @param path how the API names it: {@code slug} or {@code namespace/project}
 * @param authzObject the schema's object the connector's {@code data_connector_namespace} points to
 */
record DataConnectorOwner(
    String namespaceId, String projectId, String path, ObjectRef authzObject) {

  SubjectRef subject() {
    return new SubjectRef(authzObject.type(), authzObject.id(), null);
  }

  boolean same(DataConnector d) {
    return java.util.Objects.equals(namespaceId, d.namespaceId())
        && java.util.Objects.equals(projectId, d.projectId());
  }
}

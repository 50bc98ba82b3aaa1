package io.renku.data.dataconnector;

import io.renku.authz.ObjectRef;

/** The schema's names for data connectors. */
final class DataConnectorRelations {
  static final String TYPE = "data_connector";
  static final String NAMESPACE = "data_connector_namespace";
  static final String PLATFORM = "data_connector_platform";

  private DataConnectorRelations() {}

  static ObjectRef dataConnector(String id) {
    return new ObjectRef(TYPE, id);
  }
}

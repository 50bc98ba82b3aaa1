package io.renku.spicedb.embedded;

/** The protobuf-in/protobuf-out exports of {@code libspicedb.so}, one per unary RPC. */
enum UnaryFunction {
  CHECK_PERMISSION("spicedb_permissions_check_permission"),
  CHECK_BULK_PERMISSIONS("spicedb_permissions_check_bulk_permissions"),
  WRITE_RELATIONSHIPS("spicedb_permissions_write_relationships"),
  DELETE_RELATIONSHIPS("spicedb_permissions_delete_relationships"),
  EXPAND_PERMISSION_TREE("spicedb_permissions_expand_permission_tree"),
  READ_SCHEMA("spicedb_schema_read_schema"),
  WRITE_SCHEMA("spicedb_schema_write_schema");

  private final String symbol;

  UnaryFunction(String symbol) {
    this.symbol = symbol;
  }

  String symbol() {
    return symbol;
  }
}

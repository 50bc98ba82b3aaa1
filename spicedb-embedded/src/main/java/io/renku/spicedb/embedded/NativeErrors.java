package io.renku.spicedb.embedded;

import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the engine's error strings back into gRPC statuses. The Go side formats a gRPC error as
 * {@code rpc error: code = InvalidArgument desc = ...}; clients must see the same status code they
 * would get from a real SpiceDB server, because callers branch on it.
 */
final class NativeErrors {

  private static final Pattern RPC_ERROR =
      Pattern.compile("^rpc error: code = (\\w+) desc = (.*)$", Pattern.DOTALL);

  /** Go's {@code codes.Code.String()} names, e.g. {@code InvalidArgument}. */
  private static final Map<String, Status.Code> GO_CODES = new HashMap<>();

  static {
    for (Status.Code code : Status.Code.values()) {
      GO_CODES.put(camelCase(code.name()), code);
    }
    GO_CODES.put("Canceled", Status.Code.CANCELLED); // Go spells it with one "l"
  }

  private NativeErrors() {}

  static Status toStatus(String error) {
    Matcher matcher = RPC_ERROR.matcher(error);
    if (matcher.matches()) {
      Status.Code code = GO_CODES.getOrDefault(matcher.group(1), Status.Code.UNKNOWN);
      return Status.fromCode(code).withDescription(matcher.group(2));
    }
    if (error.startsWith("invalid handle")) {
      // The instance was disposed while a call was in flight: same as a server that went away.
      return Status.UNAVAILABLE.withDescription(
          "embedded SpiceDB engine is closed (" + error + ")");
    }
    return Status.INTERNAL.withDescription("embedded SpiceDB engine: " + error);
  }

  private static String camelCase(String enumName) {
    StringBuilder out = new StringBuilder();
    for (String part : enumName.split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }
}

package io.renku.spicedb.embedded;

import com.authzed.api.v1.PermissionsServiceGrpc;
import com.authzed.api.v1.WatchServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real SpiceDB engine (v1.54, from {@code libspicedb.so}) running in this process, behind a
 * normal SpiceDB gRPC endpoint on TCP, so the official authzed client talks to it exactly as to a
 * SpiceDB server.
 *
 * <p>Offers PermissionsService (CheckPermission, CheckBulkPermissions, WriteRelationships,
 * DeleteRelationships, ExpandPermissionTree, ReadRelationships, LookupResources, LookupSubjects),
 * SchemaService (ReadSchema, WriteSchema) and WatchService; every other method answers
 * UNIMPLEMENTED. The datastore is in memory: data is gone after {@link #close()}.
 *
 * <p>Each instance has its own engine handle and data, so several can run in one JVM. The native
 * library is located through the system property {@code renku.spicedb.lib} or the environment
 * variable {@code RENKU_SPICEDB_LIB}; the JVM needs {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class EmbeddedSpiceDb implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSpiceDb.class);

  private final NativeEngine engine;
  private final ManagedChannel streamingChannel;
  private final Server server;
  private final Server inProcessServer;
  private final String inProcessName;
  private final String host;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedSpiceDb(
      NativeEngine engine,
      ManagedChannel streamingChannel,
      Server server,
      Server inProcessServer,
      String inProcessName,
      String host) {
    this.engine = engine;
    this.streamingChannel = streamingChannel;
    this.server = server;
    this.inProcessServer = inProcessServer;
    this.inProcessName = inProcessName;
    this.host = host;
  }

  /** Starts an engine on 127.0.0.1 with an ephemeral port and no preshared key. */
  public static EmbeddedSpiceDb start() {
    return start(EmbeddedSpiceDbOptions.defaults());
  }

  /**
   * Starts a new engine and its gRPC endpoint.
   *
   * @throws IllegalStateException if the native library is missing (the message says how to get it)
   *     or the engine fails to start
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static EmbeddedSpiceDb start(EmbeddedSpiceDbOptions options) {
    NativeEngine engine = NativeEngine.startInMemory();
    ManagedChannel channel = null;
    try {
      ownerOnly(engine.streamingAddress());
      channel =
          Grpc.newChannelBuilder(
                  "unix://" + engine.streamingAddress(), InsecureChannelCredentials.create())
              .build();
      UnaryBridge unary = new UnaryBridge(engine);
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(new InetSocketAddress(options.host(), options.port()))
              .directExecutor()
              .addService(
                  secured(
                      new PermissionsProxy(unary, PermissionsServiceGrpc.newStub(channel)),
                      options))
              .addService(secured(new SchemaProxy(unary), options))
              .addService(secured(new WatchProxy(WatchServiceGrpc.newStub(channel)), options));
      Server server = builder.build().start();
      // The same services on grpc's in-process transport: callers in this JVM skip TCP and
      // thread hand-offs (a check costs about a third of the TCP round trip here).
      String inProcessName =
          "renku-spicedb-" + engine.handle() + "-" + System.identityHashCode(engine);
      Server inProcessServer =
          InProcessServerBuilder.forName(inProcessName)
              .directExecutor()
              .addService(
                  secured(
                      new PermissionsProxy(unary, PermissionsServiceGrpc.newStub(channel)),
                      options))
              .addService(secured(new SchemaProxy(unary), options))
              .addService(secured(new WatchProxy(WatchServiceGrpc.newStub(channel)), options))
              .build()
              .start();
      EmbeddedSpiceDb db =
          new EmbeddedSpiceDb(
              engine, channel, server, inProcessServer, inProcessName, options.host());
      LOG.info("Embedded SpiceDB (engine handle {}) listening on {}", engine.handle(), db.target());
      return db;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.shutdownNow();
      }
      try {
        engine.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException(
            "cannot bind embedded SpiceDB to " + options.host() + ":" + options.port(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * The engine's own socket (in the temporary directory) takes any call without a key; the kernel
   * checks a unix socket's mode at each connect, so 0600 keeps other accounts of the machine out.
   */
  private static void ownerOnly(String socket) {
    try {
      Files.setPosixFilePermissions(Path.of(socket), PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("Cannot restrict the engine's socket {} to this user: {}", socket, e.toString());
    }
  }

  private static ServerServiceDefinition secured(
      BindableService service, EmbeddedSpiceDbOptions options) {
    return options
        .presharedKeyIfAny()
        .map(key -> ServerInterceptors.intercept(service, new PresharedKeyInterceptor(key)))
        .orElseGet(service::bindService);
  }

  /** The bound TCP port (the actual one when the options asked for port 0). */
  public int port() {
    return server.getPort();
  }

  /**
   * The name of the in-process gRPC endpoint serving the same API, for callers in this JVM: {@code
   * InProcessChannelBuilder.forName(name)}.
   */
  public String inProcessName() {
    return inProcessName;
  }

  /** The engine's own unix socket (for the streaming calls), for tests. */
  String streamingSocket() {
    return engine.streamingAddress();
  }

  /** The bound host, e.g. {@code 127.0.0.1}. */
  public String host() {
    return host;
  }

  /** {@code host:port}, suitable for {@code Grpc.newChannelBuilder}. */
  public String target() {
    return host + ":" + port();
  }

  /** Blocks until the server terminates (after {@link #close()} from another thread). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops the endpoint, then disposes the engine and its data. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    inProcessServer.shutdownNow();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    streamingChannel.shutdownNow();
    // Dispose last: an in-flight FFI call on a disposed handle would only get "invalid handle".
    engine.close();
    LOG.info("Embedded SpiceDB (engine handle {}) closed", engine.handle());
  }
}

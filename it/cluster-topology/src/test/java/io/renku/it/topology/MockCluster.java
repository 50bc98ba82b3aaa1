package io.renku.it.topology;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode (it keeps what is written, answers lists and watches),
 * over plain HTTP on the podman network's gateway address: the "cluster" of the data service, the
 * session operator, the k8s watcher and the secrets service, with the AmaltheaSession CRD applied.
 */
final class MockCluster implements AutoCloseable {
  /** Held: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  final KubernetesMockServer server;
  final NamespacedKubernetesClient client;
  final String url;

  MockCluster(String address, Path crd) throws Exception {
    // One line per request at INFO: the watches of four containers would fill the test's output.
    QUIET.setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName(address), 0);
    url = "http://" + address + ":" + server.getPort();
    client = server.createClient();
    client
        .resource(
            client.getKubernetesSerialization().unmarshal(Files.readString(crd), HasMetadata.class))
        .create();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

package io.renku.session.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** An interactive (or batch) session: one pod with the user's image, storage and routing. */
@Group(AmaltheaSession.GROUP)
@Version(AmaltheaSession.VERSION)
@Kind("AmaltheaSession")
@Plural("amaltheasessions")
@Singular("amaltheasession")
@ShortNames({"ams", "amss"})
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The overall status of the session.")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.containerCounts.ready",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription =
        "The number of containers in a ready state for the session, disregarding init containers.")
@AdditionalPrinterColumn(
    name = "Total",
    jsonPath = ".status.containerCounts.total",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The total number of containers in the session, disregarding init containers.")
@AdditionalPrinterColumn(
    name = "Idle",
    jsonPath = ".status.idle",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    getDescription = "Whether the session is idle or not.")
@AdditionalPrinterColumn(
    name = "URL",
    jsonPath = ".status.url",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The URL where the session can be accessed.")
public class AmaltheaSession extends CustomResource<AmaltheaSessionSpec, AmaltheaSessionStatus>
    implements Namespaced {

  public static final String GROUP = "amalthea.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Records have no no-argument constructor: a new resource starts without spec and status. */
  @Override
  protected AmaltheaSessionSpec initSpec() {
    return null;
  }

  @Override
  protected AmaltheaSessionStatus initStatus() {
    return null;
  }
}

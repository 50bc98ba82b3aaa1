package io.renku.gateway.architecture;

import io.renku.core.architecture.AbstractPackageLayeringTest;
import io.renku.gateway.GatewayApplication;

/**
 * The layering rule of docs/architecture.md on this module's classes: no cycle among the packages
 * under {@code io.renku.gateway}, no service using another package's repository (the checks are
 * core's {@link AbstractPackageLayeringTest}). Both allow-lists are empty and stay so.
 */
class PackageCyclesTest extends AbstractPackageLayeringTest {
  PackageCyclesTest() {
    super("io.renku.gateway", GatewayApplication.class);
  }
}

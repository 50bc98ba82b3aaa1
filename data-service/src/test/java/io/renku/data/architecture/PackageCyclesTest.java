package io.renku.data.architecture;

import io.renku.core.architecture.AbstractPackageLayeringTest;
import io.renku.data.DataServiceApplication;

/**
 * The layering rule of docs/architecture.md on this module's classes: no cycle among the packages
 * under {@code io.renku.data}, no service using another package's repository (the checks are core's
 * {@link AbstractPackageLayeringTest}). Both allow-lists are empty and stay so.
 */
class PackageCyclesTest extends AbstractPackageLayeringTest {
  PackageCyclesTest() {
    super("io.renku.data", DataServiceApplication.class);
  }
}

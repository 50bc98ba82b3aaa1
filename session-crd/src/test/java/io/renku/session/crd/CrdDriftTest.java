package io.renku.session.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD ({@code deploy/crds/amaltheasessions.amalthea.dev.yaml}) must be the one that
 * the fabric8 CRD generator writes from the model during {@code process-classes}. After a model
 * change run {@code ./mvnw -o -pl session-crd test -Drenku.crd.update=true} and commit the file.
 */
class CrdDriftTest {

  @Test
  void committedCrdMatchesTheModel() throws IOException {
    Path generated = Path.of(requiredProperty("renku.crd.generated"));
    Path committed = Path.of(requiredProperty("renku.crd.file"));
    assertThat(generated).as("CRD written by crd-generator-maven-plugin").exists();
    String expected = Files.readString(generated);

    if (Boolean.getBoolean("renku.crd.update")) {
      Files.createDirectories(committed.getParent());
      Files.writeString(committed, expected);
    }

    assertThat(committed).as("committed CRD").exists();
    assertThat(Files.readString(committed))
        .as(
            "%s differs from the CRD generated from the model; run ./mvnw -o -pl session-crd test"
                + " -Drenku.crd.update=true and commit it",
            committed)
        .isEqualTo(expected);
  }

  @Test
  void crdCarriesTheOriginalIdentity() throws IOException {
    String crd = Files.readString(Path.of(requiredProperty("renku.crd.generated")));
    assertThat(crd)
        .contains("name: \"amaltheasessions.amalthea.dev\"")
        .contains("group: \"amalthea.dev\"")
        .contains("kind: \"AmaltheaSession\"")
        .contains("- \"ams\"", "- \"amss\"")
        .contains("scope: \"Namespaced\"")
        .contains("name: \"v1alpha1\"")
        .contains("jsonPath: \".status.state\"")
        .contains("status: {}");
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    assertThat(value)
        .as("system property %s (set by the module's surefire config)", name)
        .isNotNull();
    return value;
  }
}

package io.renku.data.builders.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonContainerfileTest {
  @TempDir Path dir;

  @Test
  void readsAptTxtWithCommentsAndSeveralNamesALine() throws Exception {
    Files.writeString(dir.resolve("apt.txt"), "# tools\ngit curl # two\n\npython3-six=1.16.0-4\n");
    Files.writeString(dir.resolve("requirements.txt"), "toolz\n");

    PythonContainerfile.Project p = PythonContainerfile.read(dir);

    assertThat(p.aptPackages()).containsExactly("git", "curl", "python3-six=1.16.0-4");
    assertThat(p.requirements()).isTrue();
    assertThat(p.pyproject()).isFalse();
    assertThat(p.needsConda()).isFalse();
  }

  @Test
  void refusesAptTxtLinesThatAreNoPackageNames() throws Exception {
    // the names go into a RUN line: nothing that a shell would read as more than a name
    Files.writeString(dir.resolve("apt.txt"), "git; rm -rf /\n");

    assertThatThrownBy(() -> PythonContainerfile.read(dir))
        .isInstanceOf(PythonContainerfile.UnusableFileException.class)
        .hasMessageContaining("apt.txt names 'git;'");
  }

  @Test
  void refusesFilesThatAreLinks() throws Exception {
    // a repository could link apt.txt to a file of the platform's machine and read it in the reason
    Path secret = Files.writeString(dir.resolveSibling(dir.getFileName() + "-secret"), "s3cret\n");
    Files.createSymbolicLink(dir.resolve("apt.txt"), secret);

    assertThatThrownBy(() -> PythonContainerfile.read(dir))
        .isInstanceOf(PythonContainerfile.UnusableFileException.class)
        .hasMessage(
            "apt.txt is a symbolic link; the builder reads only regular files of the repository.")
        .hasMessageNotContaining("s3cret");
    Files.delete(secret);
  }

  @Test
  void anEnvironmentYmlAloneNeedsConda() throws Exception {
    Files.writeString(dir.resolve("environment.yml"), "dependencies: [numpy]\n");
    assertThat(PythonContainerfile.read(dir).needsConda()).isTrue();
    Files.writeString(dir.resolve("requirements.txt"), "numpy\n");
    assertThat(PythonContainerfile.read(dir).needsConda()).isFalse();
  }

  @Test
  void rendersOneLayerPerKindOfDependencyAndRunsAsRenku() {
    String file =
        PythonContainerfile.render(
            "localhost/renku/jupyter:abc",
            new PythonContainerfile.Project(List.of("python3-six"), true, false, false),
            "project/sub");

    assertThat(file)
        .startsWith("# Written by Renku")
        .contains("FROM localhost/renku/jupyter:abc\n")
        .contains("install -y --no-install-recommends python3-six")
        .contains("COPY project/sub/requirements.txt /tmp/renku-build/project/\n")
        .contains("RUN python3 /tmp/renku-build/install-python.py /tmp/renku-build/project")
        .endsWith("USER 1000:1000\nENV HOME=/home/renku\nWORKDIR /home/renku/work\n");
    assertThat(file.indexOf("python3-six")).isLessThan(file.indexOf("requirements.txt"));
  }

  @Test
  void withoutPythonDependenciesTheAptStepCleansUpItself() {
    String file =
        PythonContainerfile.render(
            "base",
            new PythonContainerfile.Project(List.of("git"), false, false, false),
            "project");
    assertThat(file).contains("rm -rf /var/lib/apt/lists/*").doesNotContain("install-python.py");
  }
}

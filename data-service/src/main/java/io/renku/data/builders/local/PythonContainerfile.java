package io.renku.data.builders.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Containerfile of the builder variant {@code python}, derived from what the repository holds
 * (at its context directory), on top of the frontend's image:
 *
 * <ul>
 *   <li>{@code apt.txt}: Debian packages, one or more a line, {@code #} comments; installed with
 *       {@code apt-get} from Debian's mirror.
 *   <li>{@code requirements.txt} and {@code pyproject.toml}: installed by {@code install-python.py}
 *       (a resource next to this class): pip when PyPI is reachable, otherwise the Debian packages
 *       {@code python3-<name>}.
 *   <li>{@code environment.yml}: needs conda, which is no Debian package; used only when neither of
 *       the two above is there, and then only when conda's channels are reachable ({@link
 *       PodmanImageBuilder} checks and fails with a clear reason otherwise).
 * </ul>
 *
 * <p>Each step is its own layer, ordered from the least to the most often changed, so that a second
 * build of the same files is all cache hits. The repository's code itself is not copied into the
 * image (sessions clone it), except for a {@code pyproject.toml} project, which is installed.
 */
final class PythonContainerfile {
  static final String APT_TXT = "apt.txt";
  static final String REQUIREMENTS_TXT = "requirements.txt";
  static final String PYPROJECT_TOML = "pyproject.toml";
  static final String ENVIRONMENT_YML = "environment.yml";
  static final String INSTALL_SCRIPT = "install-python.py";

  /** A Debian package name, optionally with an architecture and a version. */
  private static final Pattern DEBIAN_PACKAGE =
      Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9]+)?(=[A-Za-z0-9.+~:-]+)?");

  private static final String APT = "apt-get -o Acquire::http::Timeout=30 -o Acquire::Retries=2";

  /** What the repository asks for; a file that is not there is empty or false. */
  record Project(
      List<String> aptPackages, boolean requirements, boolean pyproject, boolean environmentYml) {

    /** Whether conda would be needed: only an environment.yml says what to install. */
    boolean needsConda() {
      return environmentYml && !requirements && !pyproject;
    }

    boolean pythonDependencies() {
      return requirements || pyproject;
    }
  }

  /** A file of the repository cannot be used; the message says which and why. */
  static final class UnusableFileException extends RuntimeException {
    UnusableFileException(String message) {
      super(message);
    }
  }

  private PythonContainerfile() {}

  /** What {@code dir} (the repository's context directory) holds. */
  static Project read(Path dir) {
    // the platform reads apt.txt itself: a link could point at any file of this machine
    for (String name :
        List.of(APT_TXT, REQUIREMENTS_TXT, PYPROJECT_TOML, ENVIRONMENT_YML, "environment.yaml")) {
      if (Files.isSymbolicLink(dir.resolve(name))) {
        throw new UnusableFileException(
            name + " is a symbolic link; the builder reads only regular files of the repository.");
      }
    }
    List<String> packages = new ArrayList<>();
    Path apt = dir.resolve(APT_TXT);
    if (Files.isRegularFile(apt)) {
      try {
        for (String raw : Files.readAllLines(apt, StandardCharsets.UTF_8)) {
          String line = raw.replaceFirst("#.*", "").strip();
          for (String name : line.isEmpty() ? new String[0] : line.split("\\s+")) {
            if (!DEBIAN_PACKAGE.matcher(name).matches()) {
              throw new UnusableFileException(
                  "apt.txt names '"
                      + abbreviate(name)
                      + "', which is not a Debian package name (one name a line, # for comments).");
            }
            packages.add(name);
          }
        }
      } catch (IOException e) {
        throw new UnusableFileException("apt.txt cannot be read: " + e.getMessage());
      }
    }
    return new Project(
        List.copyOf(packages),
        Files.isRegularFile(dir.resolve(REQUIREMENTS_TXT)),
        Files.isRegularFile(dir.resolve(PYPROJECT_TOML)),
        Files.isRegularFile(dir.resolve(ENVIRONMENT_YML))
            || Files.isRegularFile(dir.resolve("environment.yaml")));
  }

  /**
   * The Containerfile, with the repository's context directory at {@code projectDir} (relative to
   * the build context) and the install script at the context's top.
   */
  static String render(String fromImage, Project project, String projectDir) {
    StringBuilder f = new StringBuilder();
    f.append("# Written by Renku's local image builder (builder variant python).\n")
        .append("FROM ")
        .append(fromImage)
        .append('\n')
        .append("USER root\n")
        .append("ENV DEBIAN_FRONTEND=noninteractive\n");
    boolean python = project.pythonDependencies();
    if (!project.aptPackages().isEmpty()) {
      f.append("# apt.txt\n")
          .append("RUN ")
          .append(APT)
          .append(" update \\\n && ")
          .append(APT)
          .append(" install -y --no-install-recommends ")
          .append(String.join(" ", project.aptPackages()))
          .append(" \\\n && apt-get clean");
      // the Python step below installs from the same package lists; it removes them
      f.append(python ? "\n" : " \\\n && rm -rf /var/lib/apt/lists/*\n");
    }
    if (python) {
      f.append("# requirements.txt / pyproject.toml\n")
          .append("COPY ")
          .append(INSTALL_SCRIPT)
          .append(" /tmp/renku-build/\n");
      if (project.pyproject()) {
        f.append("COPY ").append(projectDir).append("/ /tmp/renku-build/project/\n");
      } else {
        f.append("COPY ")
            .append(projectDir)
            .append('/')
            .append(REQUIREMENTS_TXT)
            .append(" /tmp/renku-build/project/\n");
      }
      f.append("RUN python3 /tmp/renku-build/")
          .append(INSTALL_SCRIPT)
          .append(" /tmp/renku-build/project \\\n")
          .append(" && apt-get clean && rm -rf /var/lib/apt/lists/* /tmp/renku-build\n");
    }
    f.append("USER 1000:1000\n")
        .append("ENV HOME=/home/renku\n")
        .append("WORKDIR ")
        .append(FrontendPreset.WORK_DIR)
        .append('\n');
    return f.toString();
  }

  /** The install script, for the build context. */
  static String installScript() {
    try (InputStream in = PythonContainerfile.class.getResourceAsStream(INSTALL_SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("resource " + INSTALL_SCRIPT + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}

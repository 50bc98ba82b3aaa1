package io.renku.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rule of docs/architecture.md, checked on the compiled classes of one service: the
 * packages under its root package (one per top-level name, sub-packages included) form no cycle,
 * and a {@code *Service} never uses another package's {@code *Repository}. Each service binds it
 * with its root package and application class (published in core's test-jar).
 */
public abstract class AbstractPackageLayeringTest {

  private final String rootPackage;
  private final Class<?> application;
  private final String root;
  private final Pattern type;

  /**
   * @param rootPackage e.g. {@code io.renku.data}
   * @param application a class in the root package, to find the compiled classes by
   */
  protected AbstractPackageLayeringTest(String rootPackage, Class<?> application) {
    this.rootPackage = rootPackage;
    this.application = application;
    this.root = rootPackage.replace('.', '/') + "/";
    this.type = Pattern.compile(Pattern.quote(root) + "([a-z0-9_]+)/([\\w/$]+)");
  }

  /**
   * Dependencies that still close a cycle, as "from -> to". This list may only shrink: an entry
   * that is no longer needed fails the test so that it is removed.
   */
  protected Set<String> allowedCycleEdges() {
    return Set.of();
  }

  /** Services that still use another package's repository, as "Service -> Repository". */
  protected Set<String> allowedForeignRepositories() {
    return Set.of();
  }

  @Test
  public void packagesFormNoCycle() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (var dependency : dependencies()) {
      if (!dependency.fromPackage().equals(dependency.toPackage())) {
        graph
            .computeIfAbsent(dependency.fromPackage(), k -> new TreeSet<>())
            .add(dependency.toPackage());
      }
    }
    var unused = new TreeSet<String>();
    for (var edge : allowedCycleEdges()) {
      var ends = edge.split(" -> ");
      if (!graph.getOrDefault(ends[0], Set.of()).remove(ends[1])) {
        unused.add(edge);
      }
    }
    assertThat(unused).as("allowed edges that no longer exist (remove them)").isEmpty();
    assertThat(Graphs.cyclicEdges(graph))
        .as(
            "dependencies on a package cycle under "
                + rootPackage
                + ", cycles: "
                + Graphs.cycles(graph))
        .isEmpty();
  }

  @Test
  public void servicesUseNoOtherPackagesRepository() throws IOException {
    var found = new TreeSet<String>();
    for (var dependency : dependencies()) {
      if (dependency.fromClass().endsWith("Service")
          && dependency.toClass().endsWith("Repository")
          && !dependency.fromPackage().equals(dependency.toPackage())) {
        found.add(dependency.fromClass() + " -> " + dependency.toClass());
      }
    }
    var unused = new TreeSet<>(allowedForeignRepositories());
    unused.removeAll(found);
    found.removeAll(allowedForeignRepositories());
    assertThat(unused).as("allowed uses that no longer exist (remove them)").isEmpty();
    assertThat(found).as("services using another package's repository").isEmpty();
  }

  /** A use of one class by another, each named by its top-level package and simple name. */
  record Dependency(String fromPackage, String fromClass, String toPackage, String toClass) {}

  private List<Dependency> dependencies() throws IOException {
    Path classes;
    try {
      classes = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    var result = new ArrayList<Dependency>();
    try (Stream<Path> files = Files.walk(classes.resolve(root))) {
      for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        var model = ClassFile.of().parse(Files.readAllBytes(file));
        var from = type.matcher(model.thisClass().asInternalName());
        if (!from.matches()) {
          continue; // the application class in the root package composes everything
        }
        // Every type a class uses (in code, signatures, annotations) is named in its pool.
        for (PoolEntry entry : model.constantPool()) {
          if (entry instanceof Utf8Entry utf8) {
            Matcher to = type.matcher(utf8.stringValue());
            while (to.find()) {
              result.add(
                  new Dependency(
                      from.group(1),
                      simpleName(from.group(2)),
                      to.group(1),
                      simpleName(to.group(2))));
            }
          }
        }
      }
    }
    return result;
  }

  private static String simpleName(String path) {
    var name = path.substring(path.lastIndexOf('/') + 1);
    var nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}

package io.renku.bench;

import io.renku.authz.ObjectRef;
import io.renku.authz.Relationship;
import io.renku.authz.RelationshipUpdate;
import io.renku.authz.RenkuSchema;
import io.renku.authz.SpiceDbAuthorizer;
import io.renku.authz.SubjectRef;
import io.renku.spicedb.embedded.EmbeddedSpiceDb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the embedded SpiceDB engine's check latency and memory grow with the number of projects.
 * Fills the engine with projects in groups (three relationships each, as the data service writes
 * them) and after each step times single checks from one thread:
 *
 * <pre>
 *   bench/run-spicedb-scaling [STEP ...]     (default 10000 40000 50000 100000 projects)
 * </pre>
 */
public final class SpiceDbCheckScaling {
  private static final int CHECKS = 100;

  private SpiceDbCheckScaling() {}

  public static void main(String[] args) {
    int[] steps =
        args.length == 0
            ? new int[] {10_000, 40_000, 50_000, 100_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    SubjectRef platform = SubjectRef.of(RenkuSchema.PLATFORM);
    SubjectRef reader = SubjectRef.user("reader");
    try (EmbeddedSpiceDb engine = EmbeddedSpiceDb.start();
        SpiceDbAuthorizer authz = SpiceDbAuthorizer.inProcess(engine.inProcessName(), null, null)) {
      authz.writeSchema(RenkuSchema.text());
      // The reader is a viewer of group g0, which holds every 1000th project.
      authz.write(
          List.of(
              RelationshipUpdate.touch(
                  Relationship.of(ObjectRef.of("group", "g0"), "viewer", reader))));
      System.out.println(
          "| projects | relationships | write rate (rel/s) | check read via group p50 / p99 (ms)"
              + " | check owner p50 / p99 (ms) | JVM+engine RSS (MB) |");
      System.out.println("|---|---|---|---|---|---|");
      int projects = 0;
      for (int step : steps) {
        long started = System.nanoTime();
        List<RelationshipUpdate> batch = new ArrayList<>();
        for (int i = 0; i < step; i++, projects++) {
          ObjectRef project = ObjectRef.of("project", "p" + projects);
          ObjectRef group = ObjectRef.of("group", "g" + (projects % 1000));
          batch.add(touch(project, "project_namespace", SubjectRef.of(group)));
          batch.add(touch(project, "owner", SubjectRef.user("u" + (projects % 5000))));
          batch.add(touch(project, "project_platform", platform));
          if (batch.size() >= 999) {
            authz.write(batch);
            batch.clear();
          }
        }
        if (!batch.isEmpty()) {
          authz.write(batch);
        }
        double rate = step * 3 / ((System.nanoTime() - started) / 1e9);
        double[] read = time(authz, reader, projects, "read");
        double[] owner = time(authz, reader, projects, "exclusive_owner");
        System.out.printf(
            "| %d | %d | %.0f | %.1f / %.1f | %.1f / %.1f | %d |%n",
            projects, projects * 3L, rate, read[0], read[1], owner[0], owner[1], rssMegabytes());
      }
    }
  }

  /** p50 and p99 in ms of single checks on projects of group g0. */
  private static double[] time(
      SpiceDbAuthorizer authz, SubjectRef subject, int projects, String permission) {
    double[] ms = new double[CHECKS];
    for (int i = 0; i < CHECKS; i++) {
      ObjectRef project = ObjectRef.of("project", "p" + ((i * 1000) % projects));
      long t = System.nanoTime();
      authz.check(subject, project, permission);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {ms[CHECKS / 2], ms[(int) (CHECKS * 0.99) - 1]};
  }

  private static RelationshipUpdate touch(ObjectRef resource, String relation, SubjectRef subject) {
    return RelationshipUpdate.touch(Relationship.of(resource, relation, subject));
  }

  private static long rssMegabytes() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }
}

package dev.vigil.bench;

import dev.vigil.runtime.Log;
import dev.vigil.testkit.SamTemplate;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times Vigil's missed-beat detector pass with the same number of overdue applications in a small and
 * a large fleet, to show that its work follows the overdue applications, not the fleet. Each fleet has
 * its own DynamoDB Local in this JVM ({@link DetectorFleet}). Each round, in each fleet (the fleets'
 * order reversed every round), {@code --overdue} applications are made overdue, the deadline-index read
 * is timed alone, then a whole pass ({@code MissedBeatScan.runPass()}: read, flip each down with its
 * alert event in one transaction, publish to a bus that accepts everything), and the flipped
 * applications are removed again.
 *
 * <p>Seeding the large fleet is the slow part: it is done with BatchWriteItem from several threads.
 * If, after the first {@code --fallback} applications, seeding the rest would take the whole past
 * {@code --budget-seconds}, the large fleet stops at {@code --fallback} applications, and the output says so.
 *
 * <p>Prints each step, a summary, and one line
 * {@code RATIO detector large/small n_small=... n_large=... pass_p50=x... query_p50=x... scanned=x... pass_ms=small/large
 * read=small/large scanned_count=small/large} (medians).
 *
 * <pre>java -Xmx2g -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.vigil.bench.DetectorPass \
 *     [--overdue 100] [--rounds 5] [--seed-threads 4] [--budget-seconds 180] [--fallback 20000] 1000 100000</pre>
 */
public final class DetectorPass {
    private DetectorPass() {
    }

    public static void main(String[] args) throws Exception {
        int overdue = 100;
        int rounds = 5;
        int seedThreads = 4;
        int budgetSeconds = 180;
        int fallback = 20_000;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--overdue" -> overdue = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seed-threads" -> seedThreads = Integer.parseInt(args[++i]);
                case "--budget-seconds" -> budgetSeconds = Integer.parseInt(args[++i]);
                case "--fallback" -> fallback = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i].replace("_", "")));
            }
        }
        if (sizes.size() != 2 || sizes.get(0) <= overdue || sizes.get(1) <= sizes.get(0)) {
            System.err.println("usage: DetectorPass [--overdue 100] [--rounds 5] [--seed-threads 4] [--budget-seconds 180]"
                    + " [--fallback 20000] <small fleet> <large fleet>   (overdue < small < large)");
            System.exit(2);
        }
        // The detector logs every flip as a JSON line; the formatting stays in the timing, the output goes.
        Log.redirect(new PrintStream(OutputStream.nullOutputStream()));
        SamTemplate template = SamTemplate.load();
        try (DetectorFleet small = DetectorFleet.start("small", template);
             DetectorFleet large = DetectorFleet.start("large", template)) {
            seed(small, sizes.get(0) - overdue, sizes.get(0) - overdue, seedThreads, budgetSeconds);
            seed(large, sizes.get(1) - overdue, Math.min(fallback, sizes.get(1)) - overdue, seedThreads, budgetSeconds);
            System.out.println(Samples.f("Fleets: small %d + %d overdue, large %d + %d overdue (items counted by a scan: %d, %d)",
                    small.size(), overdue, large.size(), overdue, small.countItems(), large.countItems()));
            System.out.println();
            run(small, large, overdue, rounds);
        }
        System.exit(0);
    }

    /**
     * Seeds {@code target} healthy applications, or only {@code fallback} of them when the first
     * {@code fallback} show that the rest would not fit in the time budget.
     */
    private static void seed(DetectorFleet fleet, int target, int fallback, int threads, int budgetSeconds) throws Exception {
        long t0 = System.nanoTime();
        int first = Math.min(target, fallback);
        fleet.seedHealthy(first, threads);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = first / seconds;
        if (target > first) {
            double projected = seconds + (target - first) / rate;
            if (projected > budgetSeconds) {
                System.out.println(Samples.f("NOTE: %s fleet: seeding %d applications would take ~%.0f s (%.0f items/s),"
                        + " over the %d s budget: using %d applications instead", fleet.name, target, projected, rate,
                        budgetSeconds, first));
            } else {
                System.err.printf("Seeding the %s fleet: %d of %d done, ~%.0f s to go...%n", fleet.name, first, target,
                        projected - seconds);
                fleet.seedHealthy(target - first, threads);
                seconds = (System.nanoTime() - t0) / 1e9;
            }
        }
        System.out.println(Samples.f("Seeded %-5s fleet: %d healthy applications in %.1f s (%.0f items/s, BatchWriteItem from %d threads)",
                fleet.name, fleet.size(), seconds, fleet.size() / seconds, threads));
    }

    private static void run(DetectorFleet small, DetectorFleet large, int overdue, int rounds) throws Exception {
        Map<DetectorFleet, List<DetectorFleet.Step>> passes = Map.of(small, new ArrayList<>(), large, new ArrayList<>());
        Map<DetectorFleet, List<DetectorFleet.Step>> queries = Map.of(small, new ArrayList<>(), large, new ArrayList<>());
        System.out.println(Samples.f("%-6s %-6s %8s %9s %6s %8s %8s %8s  %s", "round", "fleet", "apps", "query_ms", "read",
                "scanned", "pass_ms", "flipped", "DynamoDB calls in the pass"));
        for (int round = 0; round <= rounds; round++) {
            List<DetectorFleet> order = round % 2 == 0 ? List.of(small, large) : List.of(large, small);
            for (DetectorFleet fleet : order) {
                fleet.arm(overdue);
                DetectorFleet.Step query = fleet.overdueQuery();
                DetectorFleet.Step pass = fleet.pass();
                fleet.disarm();
                if (pass.flipped() != overdue) {
                    System.out.println(Samples.f("NOTE: the pass flipped %d of %d overdue applications", pass.flipped(), overdue));
                }
                // Round 0 warms both fleets' code paths up and is not counted.
                String label = round == 0 ? "warmup" : Integer.toString(round);
                System.out.println(Samples.f("%-6s %-6s %8d %9.1f %6d %8d %8.1f %8d  %s", label, fleet.name,
                        fleet.size() + overdue, query.nanos() / 1e6, pass.read(), pass.scanned(), pass.nanos() / 1e6,
                        pass.flipped(), pass.calls()));
                if (round > 0) {
                    passes.get(fleet).add(pass);
                    queries.get(fleet).add(query);
                }
            }
        }
        System.out.println();
        for (DetectorFleet fleet : List.of(small, large)) {
            System.out.println(Samples.f("%-5s fleet (%d applications, %d overdue), %d passes: pass %s ms; deadline-index read %s ms;"
                            + " items read %s, ScannedCount %s", fleet.name, fleet.size() + overdue, overdue, rounds,
                    spread(passes.get(fleet)), spread(queries.get(fleet)), median(passes.get(fleet), Kind.READ),
                    median(passes.get(fleet), Kind.SCANNED)));
        }
        System.out.println(Samples.f("Alert events handed to the bus, warm-up included: small %d, large %d",
                small.published(), large.published()));
        double passSmall = number(median(passes.get(small), Kind.NANOS));
        double passLarge = number(median(passes.get(large), Kind.NANOS));
        double scannedSmall = number(median(passes.get(small), Kind.SCANNED));
        double scannedLarge = number(median(passes.get(large), Kind.SCANNED));
        System.out.println(Samples.f("RATIO detector large/small n_small=%d n_large=%d pass_p50=x%.2f query_p50=x%.2f scanned=x%.2f"
                        + " pass_ms=%.0f/%.0f read=%s/%s scanned_count=%.0f/%.0f",
                small.size() + overdue, large.size() + overdue, passLarge / passSmall,
                number(median(queries.get(large), Kind.NANOS)) / number(median(queries.get(small), Kind.NANOS)),
                scannedLarge / scannedSmall, passSmall, passLarge, median(passes.get(small), Kind.READ).replace(".0", ""),
                median(passes.get(large), Kind.READ).replace(".0", ""), scannedSmall, scannedLarge));
    }

    private static double number(String formatted) {
        return Double.parseDouble(formatted);
    }

    private enum Kind { NANOS, READ, SCANNED }

    private static String median(List<DetectorFleet.Step> steps, Kind kind) {
        double[] values = steps.stream().mapToDouble(s -> switch (kind) {
            case NANOS -> s.nanos() / 1e6;
            case READ -> s.read();
            case SCANNED -> s.scanned();
        }).toArray();
        return Samples.f("%.1f", Samples.median(values));
    }

    /** "median (min .. max)" of the steps' durations in ms. */
    private static String spread(List<DetectorFleet.Step> steps) {
        double[] ms = steps.stream().mapToDouble(s -> s.nanos() / 1e6).sorted().toArray();
        return Samples.f("median %.1f (min %.1f, max %.1f)", Samples.median(ms), ms[0], ms[ms.length - 1]);
    }
}

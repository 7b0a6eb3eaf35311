package org.ross.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The results file every benchmark writes: machine, command, full table, notes and one
 * {@code RESULT key=value ...} line that scripts read. Printed to stdout as well.
 */
final class BenchmarkReport {

    /** The heading that opens a results file's hand-written analysis, which a rerun keeps. */
    static final String ANALYSIS = "## Analysis";
    /** How the line naming the command that wrote a results file starts. */
    static final String COMMAND = "- command: ";

    private final String name;
    private final String command;
    private final List<String> header = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> results = new LinkedHashMap<>();

    BenchmarkReport(String name, String command) {
        this.name = name;
        String threads = System.getenv("OMP_NUM_THREADS");
        this.command = (threads == null ? "" : "OMP_NUM_THREADS=" + threads + " ") + command;
    }

    BenchmarkReport columns(String... names) {
        header.addAll(List.of(names));
        return this;
    }

    BenchmarkReport row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(c));
        }
        rows.add(r);
        System.out.println(String.join(" | ", r));
        return this;
    }

    BenchmarkReport note(String line) {
        notes.add(line);
        System.out.println(line);
        return this;
    }

    BenchmarkReport result(String key, double value) {
        results.put(key, String.format(Locale.ROOT, "%.4f", value));
        return this;
    }

    String render() {
        StringBuilder s = new StringBuilder();
        s.append("# Benchmark: ").append(name).append("\n\n");
        s.append("- date: ").append(LocalDate.now()).append('\n');
        s.append("- machine: ").append(Machine.describe()).append('\n');
        s.append(COMMAND).append('`').append(command).append("`\n");
        s.append("- load average when written (1/5/15 min): ").append(Machine.loadAverage())
                .append(" (other processes on the machine slow every figure below)\n\n");
        s.append("| ").append(String.join(" | ", header)).append(" |\n");
        s.append("|").append(header.stream().map(h -> "---").collect(Collectors.joining("|"))).append("|\n");
        for (List<String> r : rows) {
            s.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            s.append('\n');
            notes.forEach(n -> s.append(n).append("\n\n"));
        }
        s.append("\nRESULT ").append(results.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "))).append('\n');
        return s.toString();
    }

    /** Writes {@code results/<name>.md} (or {@code <name>-quick.md}) atomically and prints it. */
    Path write(Path resultsDirectory, boolean quick) throws IOException {
        return write(resultsDirectory, quick ? "quick" : null);
    }

    /**
     * Writes {@code results/<name>-<suffix>.md} ({@code <name>.md} for a null suffix) atomically, prints it and returns
     * its path. A file it replaces keeps its written analysis: everything from a line starting {@value #ANALYSIS} on
     * is carried over below the new figures, to be brought up to date by hand.
     */
    Path write(Path resultsDirectory, String suffix) throws IOException {
        Files.createDirectories(resultsDirectory);
        Path target = resultsDirectory.resolve(name + (suffix == null ? "" : "-" + suffix) + ".md");
        String figures = render();
        String analysis = analysis(target);
        Path tmp = Files.createTempFile(resultsDirectory, "." + name, ".tmp");
        Files.writeString(tmp, analysis == null ? figures : figures + "\n" + analysis, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println();
        System.out.println(figures);
        System.out.println("written " + target + (analysis == null ? "" : " (its written analysis kept)"));
        return target;
    }

    /** The written analysis of an existing results file, from its {@value #ANALYSIS} line to the end, or null. */
    static String analysis(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int at = text.startsWith(ANALYSIS) ? 0 : text.indexOf("\n" + ANALYSIS);
        return at < 0 ? null : text.substring(at == 0 ? 0 : at + 1);
    }
}

package org.ross.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Facts about the machine a benchmark ran on, and its own peak memory. */
final class Machine {

    private Machine() {
    }

    /**
     * Cores, CPU, memory, OS and Java. The CPU carries its family, model and widest vector instructions: the math
     * libraries pick kernels by them, so two runs pair exactly only on CPUs that agree on all three, and two CPUs
     * of one brand name may not.
     */
    static String describe() {
        Map<String, String> cpuInfo = procFields("/proc/cpuinfo");
        String cpu = cpuInfo.getOrDefault("model name", System.getProperty("os.arch")) + cpuDetail(cpuInfo);
        long memKb = procLine("/proc/meminfo", "MemTotal").map(Machine::firstNumber).orElse(0L);
        return String.format(Locale.ROOT, "%d cores, %s, %.1f GiB RAM, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }

    /** " (family F, model M, AVX-512)" from the fields of /proc/cpuinfo, or "" where they say nothing of them. */
    private static String cpuDetail(Map<String, String> cpuInfo) {
        String family = cpuInfo.get("cpu family");
        String model = cpuInfo.get("model");
        if (family == null || model == null) {
            return "";
        }
        List<String> flags = List.of(cpuInfo.getOrDefault("flags", "").split("\\s+"));
        String vector = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2";
        return " (family " + family + ", model " + model + ", " + vector + ")";
    }

    /** Peak resident set size of this process so far (VmHWM), in MiB. */
    static double peakRssMib() {
        return procLine("/proc/self/status", "VmHWM").map(Machine::firstNumber).orElse(0L) / 1024.0;
    }

    /** Current resident set size (VmRSS), in MiB. */
    static double rssMib() {
        return procLine("/proc/self/status", "VmRSS").map(Machine::firstNumber).orElse(0L) / 1024.0;
    }

    /** The first three fields of /proc/loadavg, e.g. "1.02 0.88 0.75". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The value of the first {@code key: value} line of {@code file} whose key is exactly {@code key}. */
    private static Optional<String> procLine(String file, String key) {
        return Optional.ofNullable(procFields(file).get(key));
    }

    /** Each key of the {@code key: value} lines of {@code file}, with the value of its first line; empty if unread. */
    private static Map<String, String> procFields(String file) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return fields;
    }

    private static long firstNumber(String s) {
        return Long.parseLong(s.replaceAll("[^0-9].*$", "").trim());
    }
}

package org.ross.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
        String cpu = procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")) + cpuDetail();
        long memKb = procLine("/proc/meminfo", "MemTotal").map(Machine::firstNumber).orElse(0L);
        return String.format(Locale.ROOT, "%d cores, %s, %.1f GiB RAM, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }

    /** " (family F, model M, AVX-512)" from /proc/cpuinfo, or "" where it says nothing of them. */
    static String cpuDetail() {
        Optional<String> family = procLine("/proc/cpuinfo", "cpu family");
        Optional<String> model = procLine("/proc/cpuinfo", "model");
        if (family.isEmpty() || model.isEmpty()) {
            return "";
        }
        List<String> flags = List.of(procLine("/proc/cpuinfo", "flags").orElse("").split("\\s+"));
        String vector = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2";
        return " (family " + family.get() + ", model " + model.get() + ", " + vector + ")";
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
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.indexOf(':') > 0 && l.substring(0, l.indexOf(':')).trim().equals(key))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long firstNumber(String s) {
        return Long.parseLong(s.replaceAll("[^0-9].*$", "").trim());
    }
}

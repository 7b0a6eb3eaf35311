package org.ross.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Facts about the machine a benchmark ran on, and its own peak memory. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
        long memKb = procLine("/proc/meminfo", "MemTotal").map(Machine::firstNumber).orElse(0L);
        return String.format(Locale.ROOT, "%d cores, %s, %.1f GiB RAM, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
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

    private static Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long firstNumber(String s) {
        return Long.parseLong(s.replaceAll("[^0-9].*$", "").trim());
    }
}

package org.ross.runtime.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ross.core.io.FileTrees;
import org.ross.knime.nodes.spi.PortDescription;
import org.ross.knime.nodes.spi.PortKind;

/**
 * Where outputs live: table port {@code p} of node {@code n} at {@code <out>/<n>/<p>.arrow}, model
 * port at the directory {@code <out>/<n>/<p>/}. A node writes into {@code <out>/.staging/<n>/}
 * and its outputs are moved into place only when it succeeded, so a failed or cancelled node
 * leaves the previous run's outputs as they were. {@code <out>/.work/<n>/} is node {@code n}'s
 * persistent work directory (checkpoints): never cleared here.
 */
final class OutputStore {

    private static final String STAGING = ".staging";
    private static final String WORK = ".work";

    private final Path root;

    OutputStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Creates the output directory and drops staging left by a run that was killed. */
    void open() throws IOException {
        Files.createDirectories(root);
        FileTrees.deleteRecursively(root.resolve(STAGING));
    }

    Path finalPath(String nodeId, PortDescription port) {
        return root.resolve(nodeId).resolve(fileName(port));
    }

    Path stagingDirectory(String nodeId) {
        return root.resolve(STAGING).resolve(nodeId);
    }

    /** Node {@code nodeId}'s work directory; survives every run, successful or not. */
    Path workDirectory(String nodeId) {
        return root.resolve(WORK).resolve(nodeId);
    }

    Path stagingPath(String nodeId, PortDescription port) {
        return stagingDirectory(nodeId).resolve(fileName(port));
    }

    /** Moves one staged output over its final path: a file atomically, a directory by two renames. */
    Path commit(String nodeId, PortDescription port) throws IOException {
        Path staged = stagingPath(nodeId, port);
        Path target = finalPath(nodeId, port);
        Files.createDirectories(target.getParent());
        if (port.kind() == PortKind.TABLE) {
            FileTrees.move(staged, target);
        } else {
            Path previous = stagingDirectory(nodeId).resolve(port.name() + ".previous");
            if (Files.exists(target)) {
                FileTrees.move(target, previous);
            }
            FileTrees.move(staged, target);
            FileTrees.deleteRecursively(previous);
        }
        return target;
    }

    /** Drops a node's staging directory (after commit, failure or cancel). */
    void discard(String nodeId) throws IOException {
        FileTrees.deleteRecursively(stagingDirectory(nodeId));
    }

    void close() throws IOException {
        FileTrees.deleteRecursively(root.resolve(STAGING));
    }

    private static String fileName(PortDescription port) {
        return port.kind() == PortKind.TABLE ? port.name() + ".arrow" : port.name();
    }

    /** Total size of the regular files under {@code path}. */
    static long size(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

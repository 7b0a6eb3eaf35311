package org.ross.knime.nodes.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.ross.core.io.FileTrees;

/** File chores of the Image Tokenizer node: passing a given model through, cleaning scratch space. */
final class TokenizerModels {

    private TokenizerModels() {
    }

    /** Copies model directory {@code from} to {@code to} atomically (temporary sibling, then move). */
    static void copy(Path from, Path to) throws IOException {
        Path parent = to.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + to.getFileName() + ".tmp");
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, tmp.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            FileTrees.deleteRecursively(to);
            FileTrees.move(tmp, to);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Scratch space only: a leftover file does not affect results, so failures are ignored. */
    static void deleteQuietly(Path path) {
        try {
            FileTrees.deleteRecursively(path);
        } catch (IOException e) {
            // ignored on purpose, see above
        }
    }
}

package org.ross.core.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ross.core.io.FileTrees;

/** Directory moves and deletes for the Tuner's outputs and checkpoints. */
final class ModelFiles {

    private ModelFiles() {
    }

    /** Moves the complete directory {@code staged} onto {@code target}, retiring an existing one by rename. */
    static void replace(Path staged, Path target) throws IOException {
        Path retired = target.resolveSibling("." + target.getFileName() + ".old");
        FileTrees.deleteRecursively(retired);
        if (Files.exists(target)) {
            FileTrees.move(target, retired);
        }
        FileTrees.move(staged, target);
        FileTrees.deleteRecursively(retired);
    }

}

package org.ross.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.ross.core.image.Images;

/**
 * Reads image files referenced by relative path from a folder, validating each by decoding it.
 * Paths may not leave the folder. {@code where} in messages is the caller's context ("line 7").
 */
final class ImageFiles {

    private final Path folder;

    ImageFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("image folder " + folder + " does not exist or is no folder");
        }
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** The bytes of {@code relative}, checked to be a decodable PNG or JPEG. */
    byte[] read(String relative, String where) {
        Path file = folder.resolve(relative).normalize();
        if (!file.startsWith(folder)) {
            throw new IllegalArgumentException(where + ": image path '" + relative + "' leaves the folder " + folder);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(where + ": image file '" + relative + "' not found in " + folder);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            Images.decode(bytes);
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": image file '" + relative + "' is " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read image file '" + relative + "': " + e.getMessage(), e);
        }
    }

    /** The PNG and JPEG files under the folder, as '/'-separated relative paths in sorted order. */
    List<String> list() {
        try (Stream<Path> files = Files.walk(folder)) {
            List<String> out = new ArrayList<>();
            files.filter(Files::isRegularFile).filter(ImageFiles::isImageName).forEach(p ->
                    out.add(folder.relativize(p).toString().replace('\\', '/')));
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list image folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }
}

package org.thinrich.scenarios.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for a benchmark's server data and replicas, deleted when the JVM ends. */
final class ScratchDirectory {
    private ScratchDirectory() {
    }

    static Path create(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "delete " + directory.getFileName()));
        return directory;
    }

    /** Deletes the directory and all in it, deepest first; what cannot be deleted is left. */
    static void delete(Path directory) {
        if (!Files.exists(directory)) return;
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException stillInUse) {
                    // left for the system's temporary-file cleanup
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a walk that fails leaves the rest for the system's temporary-file cleanup
        }
    }
}

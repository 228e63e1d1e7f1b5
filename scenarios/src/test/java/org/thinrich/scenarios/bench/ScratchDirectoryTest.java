package org.thinrich.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoryTest {
    @TempDir
    Path parent;

    @Test
    void deleteRemovesTheDirectoryWithEverythingInIt() throws Exception {
        Path scratch = Files.createDirectories(parent.resolve("bench"));
        Files.writeString(Files.createDirectories(scratch.resolve("server/db")).resolve("calendar.mv.db"), "data");
        Files.writeString(scratch.resolve("top.txt"), "x");

        ScratchDirectory.delete(scratch);

        assertThat(scratch).doesNotExist();
        assertThat(parent).exists();
    }

    @Test
    void deletingWhatIsGoneAlreadyIsNoError() {
        ScratchDirectory.delete(parent.resolve("never-made"));
        assertThat(parent).exists();
    }
}

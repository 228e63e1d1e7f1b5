package org.thinrich.server.display.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostingModeTest {

    @Test
    void eachModeIsReadAsTheServerOptionWritesIt() {
        assertThat(HostingMode.parse("in-process")).isEqualTo(HostingMode.IN_PROCESS);
        assertThat(HostingMode.parse(" Process-Per-Session ")).isEqualTo(HostingMode.PROCESS_PER_SESSION);
        assertThat(HostingMode.parse("pool:3:5")).isEqualTo(HostingMode.pool(3, 5));
        assertThat(HostingMode.parse("pool:3:5")).hasToString("pool:3:5");
        assertThat(HostingMode.parse("pool")).isEqualTo(HostingMode.pool(Runtime.getRuntime().availableProcessors(),
                HostingMode.DEFAULT_SESSIONS_PER_HOST));
        assertThat(HostingMode.IN_PROCESS.hosted()).isFalse();
        assertThat(HostingMode.parse("pool:1:1").hosted()).isTrue();
    }

    @Test
    void aWrongModeIsOneSentenceSayingWhatToWrite() {
        assertThatThrownBy(() -> HostingMode.parse("threads")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Thin sessions 'threads': say in-process, process-per-session, pool or pool:HOSTS:SESSIONS (e.g. pool:2:16).");
        assertThatThrownBy(() -> HostingMode.parse("pool:2")).hasMessageContaining("pool:HOSTS:SESSIONS");
        assertThatThrownBy(() -> HostingMode.parse("pool:0:4")).hasMessage("A pool needs at least one host of at least one session, not pool:0:4.");
    }
}

package org.thinrich.scenarios.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A self-check says what is off with the target beside the measured value, rounded for reading. */
class LinkCheckTest {
    @Test
    void whatIsOffIsSaidWithItsTarget() {
        LinkProfile lan = LinkProfiles.named("lan");
        LinkCheck.Result off = new LinkCheck.Result(lan, 2.06, 882_123_456.7, 1_001_000_000);
        assertThat(off.ok()).isFalse();
        assertThat(off.problems()).isEqualTo("lan: RTT 2.06 ms where the profile says 0.5 ms (within 1 ms); "
                + "down 882 Mbit/s where it says 1 Gbit/s (within 5 %)");
        assertThat(off.toString()).isEqualTo("lan: RTT 2.06 ms (target 0.5 ms, OFF), down 882 Mbit/s (target 1 Gbit/s, OFF), "
                + "up 1001 Mbit/s (target 1 Gbit/s, ok)");
        LinkCheck.Result fine = new LinkCheck.Result(LinkProfiles.named("3g"), 300.4, 700_112, 699_900);
        assertThat(fine.ok()).isTrue();
        assertThat(fine.problems()).isEmpty();
        assertThat(fine.toString()).contains("down 700 kbit/s (target 700 kbit/s, ok)");
    }
}

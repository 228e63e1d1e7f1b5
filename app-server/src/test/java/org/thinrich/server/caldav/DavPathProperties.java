package org.thinrich.server.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.strings;
import static org.thinrich.testing.Theories.qt;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Hrefs this server writes name the resource they were made from, whatever its id holds. */
class DavPathProperties {
    @Test
    void anEncodedSegmentDecodesToItself() {
        qt(2_000).forAll(strings().betweenCodePoints(0x20, 0xD7FF).ofLengthBetween(1, 40)).checkAssert(id -> {
            String href = DavPath.event("alice", "work", id);
            assertThat(href).matches("[A-Za-z0-9._~@+=:%/-]+");
            DavPath back = DavPath.of(URI.create(href).getPath());
            if (!id.contains("/")) {
                assertThat(back.kind()).isEqualTo(DavPath.Kind.EVENT);
                assertThat(back.eventId()).isEqualTo(id);
            }
            assertThat(DavPath.ofHref("http://127.0.0.1:8080" + href).eventId()).isEqualTo(back.eventId());
        });
    }
}

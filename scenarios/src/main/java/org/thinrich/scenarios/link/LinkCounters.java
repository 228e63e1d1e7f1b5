package org.thinrich.scenarios.link;

/** What crossed a link so far: the TCP stream each way (bytes and MSS-sized segments), connections, loss stalls. */
public record LinkCounters(long bytesUp, long bytesDown, long segmentsUp, long segmentsDown, long connections, long stalls) {

    /** What crossed between {@code earlier} and this. */
    public LinkCounters minus(LinkCounters earlier) {
        return new LinkCounters(bytesUp - earlier.bytesUp, bytesDown - earlier.bytesDown, segmentsUp - earlier.segmentsUp,
                segmentsDown - earlier.segmentsDown, connections - earlier.connections, stalls - earlier.stalls);
    }

    /** Bytes with IPv4 and TCP headers (20 + 32 bytes with timestamps) per data segment, ACKs not counted. */
    public long packetBytesUp() {
        return bytesUp + 52 * segmentsUp;
    }

    public long packetBytesDown() {
        return bytesDown + 52 * segmentsDown;
    }
}

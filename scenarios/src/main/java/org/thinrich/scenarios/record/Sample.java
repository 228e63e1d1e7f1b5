package org.thinrich.scenarios.record;

/**
 * One step on one client behind one profile, as measured. Latencies in milliseconds, -1 where they
 * do not apply (no edit, nothing to wait for) or could not be measured; the CSV leaves those empty. Payload is what the
 * client's WebSocket carried; tcp is the stream the link relayed (segments: MSS-sized data packets).
 */
public record Sample(
        String profile, double rttMillis, String path, int repetition, int stepIndex, String step,
        double responseMillis, double commitMillis, double propagationMillis,
        long payloadUp, long payloadDown, long messagesUp, long messagesDown, long frames,
        long tcpUp, long tcpDown, long segmentsUp, long segmentsDown,
        double serverCpuMillis, long startedAtMillis) {

    public static final String CSV_HEADER = "profile,rtt_ms,path,repetition,step_index,step,response_ms,commit_ms,propagation_ms,"
            + "payload_up,payload_down,messages_up,messages_down,frames,tcp_up,tcp_down,segments_up,segments_down,server_cpu_ms,started_at_ms";

    public String csv() {
        return String.join(",", profile, num(rttMillis), path, Integer.toString(repetition), Integer.toString(stepIndex), quote(step),
                latency(responseMillis), latency(commitMillis), latency(propagationMillis), Long.toString(payloadUp), Long.toString(payloadDown),
                Long.toString(messagesUp), Long.toString(messagesDown), Long.toString(frames), Long.toString(tcpUp), Long.toString(tcpDown),
                Long.toString(segmentsUp), Long.toString(segmentsDown), num(serverCpuMillis), Long.toString(startedAtMillis));
    }

    /** A latency, or nothing where it does not apply: a spreadsheet then leaves it out of its sums and means. */
    private static String latency(double v) {
        return v < 0 ? "" : num(v);
    }

    private static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}

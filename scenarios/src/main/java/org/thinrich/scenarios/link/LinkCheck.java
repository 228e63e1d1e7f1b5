package org.thinrich.scenarios.link;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * The link emulator checks itself: round-trip time and throughput each way, measured through a
 * link with the profile (loss left out: it is a stall, not a rate) to a loopback echo and sink
 * server. Passes when the RTT is within max(1 ms, 2 %) of the profile and each throughput within
 * 5 % of its cap.
 */
public final class LinkCheck {
    private LinkCheck() {
    }

    public record Result(LinkProfile profile, double rttMillis, double downBitsPerSecond, double upBitsPerSecond) {
        public boolean rttOk() {
            return Math.abs(rttMillis - profile.rttMillis()) <= Math.max(1.0, 0.02 * profile.rttMillis());
        }

        public boolean downOk() {
            return Math.abs(downBitsPerSecond - profile.downBitsPerSecond()) <= 0.05 * profile.downBitsPerSecond();
        }

        public boolean upOk() {
            return Math.abs(upBitsPerSecond - profile.upBitsPerSecond()) <= 0.05 * profile.upBitsPerSecond();
        }

        public boolean ok() {
            return rttOk() && downOk() && upOk();
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s: RTT %.2f ms (target %s ms, %s), down %s (target %s, %s), up %s (target %s, %s)",
                    profile.name(), rttMillis, trim(profile.rttMillis()), rttOk() ? "ok" : "OFF", LinkProfile.measuredRate(downBitsPerSecond),
                    LinkProfile.rate(profile.downBitsPerSecond()), downOk() ? "ok" : "OFF", LinkProfile.measuredRate(upBitsPerSecond),
                    LinkProfile.rate(profile.upBitsPerSecond()), upOk() ? "ok" : "OFF");
        }

        /** What is off, each with its target and tolerance, in one sentence; empty when all is within. */
        public String problems() {
            java.util.List<String> off = new java.util.ArrayList<>();
            if (!rttOk()) off.add(String.format(java.util.Locale.ROOT, "RTT %.2f ms where the profile says %s ms (within %s ms)", rttMillis,
                    trim(profile.rttMillis()), trim(Math.max(1.0, 0.02 * profile.rttMillis()))));
            if (!downOk()) off.add("down " + LinkProfile.measuredRate(downBitsPerSecond) + " where it says " + LinkProfile.rate(profile.downBitsPerSecond())
                    + " (within 5 %)");
            if (!upOk()) off.add("up " + LinkProfile.measuredRate(upBitsPerSecond) + " where it says " + LinkProfile.rate(profile.upBitsPerSecond())
                    + " (within 5 %)");
            return off.isEmpty() ? "" : profile.name() + ": " + String.join("; ", off);
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public static Result check(LinkProfile profile) throws IOException, InterruptedException {
        LinkProfile lossless = new LinkProfile(profile.name(), profile.rttMillis(), profile.downBitsPerSecond(),
                profile.upBitsPerSecond(), 0, 0, profile.source());
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                WanLink link = WanLink.start((InetSocketAddress) echo.getLocalSocketAddress(), lossless, 1)) {
            Thread server = new Thread(() -> serve(echo), "link-check-server");
            server.setDaemon(true);
            server.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
                s.setTcpNoDelay(true);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                DataInputStream in = new DataInputStream(s.getInputStream());
                int pings = profile.rttMillis() < 100 ? 11 : 5;
                double[] rtts = new double[pings];
                for (int i = 0; i < pings; i++) {
                    long t0 = System.nanoTime();
                    out.writeByte('P');
                    out.flush();
                    in.readByte();
                    rtts[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(rtts);
                double rtt = rtts[pings / 2];

                int downBytes = transferSize(profile.downBitsPerSecond());
                out.writeByte('D');
                out.writeInt(downBytes);
                out.flush();
                double down = receiveRate(s.getInputStream(), downBytes);

                int upBytes = transferSize(profile.upBitsPerSecond());
                out.writeByte('U');
                out.writeInt(upBytes);
                byte[] chunk = new byte[16 * 1024];
                for (int sent = 0; sent < upBytes; sent += chunk.length) out.write(chunk, 0, Math.min(chunk.length, upBytes - sent));
                out.flush();
                long counted = in.readLong();
                long nanos = in.readLong();
                double up = counted * 8e9 / nanos;
                return new Result(profile, rtt, down, up);
            }
        }
    }

    /** About a second's worth at the rate, within 64 kB and 16 MB. */
    private static int transferSize(long bps) {
        return (int) Math.max(64 * 1024, Math.min(16L * 1024 * 1024, bps / 8));
    }

    /** Bits per second between the first burst and the last byte: the first burst's own delay is latency, not rate. */
    private static double receiveRate(InputStream in, int total) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int first = in.read(buffer);
        long start = System.nanoTime();
        int got = first;
        while (got < total) {
            int n = in.read(buffer, 0, Math.min(buffer.length, total - got));
            if (n < 0) throw new IOException("The link closed during the check");
            got += n;
        }
        return (total - first) * 8e9 / (System.nanoTime() - start);
    }

    private static void serve(ServerSocket echo) {
        try (Socket s = echo.accept()) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (true) {
                int command = in.read();
                if (command < 0) return;
                if (command == 'P') {
                    out.writeByte('p');
                    out.flush();
                } else if (command == 'D') {
                    int n = in.readInt();
                    byte[] chunk = new byte[16 * 1024];
                    for (int sent = 0; sent < n; sent += chunk.length) out.write(chunk, 0, Math.min(chunk.length, n - sent));
                    out.flush();
                } else if (command == 'U') {
                    int n = in.readInt();
                    byte[] buffer = new byte[64 * 1024];
                    int first = in.read(buffer, 0, Math.min(buffer.length, n));
                    long start = System.nanoTime();
                    int got = first;
                    while (got < n) got += in.read(buffer, 0, Math.min(buffer.length, n - got));
                    out.writeLong(n - first);
                    out.writeLong(System.nanoTime() - start);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the check is over
        }
    }
}

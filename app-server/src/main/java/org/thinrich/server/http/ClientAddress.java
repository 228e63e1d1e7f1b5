package org.thinrich.server.http;

import java.util.Set;
import org.eclipse.jetty.server.Request;

/** Who sent a request, as far as the server can tell, for the HTTP API and CalDAV alike. */
public final class ClientAddress {
    private ClientAddress() {
    }

    /**
     * The client's address: the peer's, or, when the peer is this machine (the cluster's HAProxy) or
     * a trusted proxy (--trusted-proxy), the last address in X-Forwarded-For, which that proxy adds
     * (option forwardfor).
     */
    public static String of(Request request, Set<String> trustedProxies) {
        String peer = Request.getRemoteAddr(request);
        String forwarded = request.getHeaders().get("X-Forwarded-For");
        if (viaProxy(request, trustedProxies) && forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            return hops[hops.length - 1].strip();
        }
        return peer;
    }

    /** Whether the request reached the server over TLS: its own, or a trusted proxy's that says so. */
    public static boolean overTls(Request request, Set<String> trustedProxies) {
        if (request.isSecure()) return true;
        return viaProxy(request, trustedProxies) && "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }

    public static boolean fromThisMachine(Request request) {
        return loopback(Request.getRemoteAddr(request));
    }

    public static boolean loopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1") || address.equals("[::1]");
    }

    private static boolean viaProxy(Request request, Set<String> trustedProxies) {
        return fromThisMachine(request) || trustedProxies.contains(Request.getRemoteAddr(request));
    }
}

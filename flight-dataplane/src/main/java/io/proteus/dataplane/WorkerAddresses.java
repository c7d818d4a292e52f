package io.proteus.dataplane;

import org.apache.arrow.flight.Location;

/** Converts between a worker's {@code host:port} address text and a Flight {@link Location}. */
public final class WorkerAddresses {

    private WorkerAddresses() {
    }

    /** The address text of a host and port; IPv6 hosts are bracketed. */
    public static String format(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The insecure gRPC location of a {@code host:port} (or {@code [v6-host]:port}) address. */
    public static Location location(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("not a host:port worker address: '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a host:port worker address: '" + address + "'", e);
        }
        return Location.forGrpcInsecure(host, port);
    }
}

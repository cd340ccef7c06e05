package io.callstream.callbacks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which callback addresses are acceptable (SSRF guard): absolute {@code http}/{@code https} URLs with a
 * host, at most 2048 characters, and, unless {@code callbacks.allow.private.addresses} is true, no
 * loopback, private (RFC 1918, IPv6 ULA), link-local (incl. cloud metadata 169.254.169.254),
 * carrier-grade NAT, unspecified or multicast destination. Checked when an address is configured
 * (literal IPs and {@code localhost}) and again before every delivery attempt (after DNS resolution).
 */
public final class AddressPolicy {

    public static final int MAX_LENGTH = 2048;
    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Syntax and scheme check; throws with a message that says what is wrong. */
    public static URI parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the callback address is missing");
        }
        String lower = address.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("the callback address must start with http or https");
        }
        if (address.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the callback address is longer than " + MAX_LENGTH + " characters");
        }
        try {
            URI uri = new URI(address);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException("the callback address has no valid host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the callback address is not a valid URL: " + e.getReason());
        }
    }

    /** The configuration-time check: syntax, and no private literal IP or localhost unless allowed. No DNS lookup. */
    public URI validateConfigured(String address) {
        URI uri = parse(address);
        if (allowPrivate) {
            return uri;
        }
        String host = hostOf(uri);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw refused(host);
        }
        if (isLiteralIp(host)) {
            try {
                if (isPrivate(InetAddress.getByName(host))) {
                    throw refused(host);
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("the callback address has no valid host");
            }
        }
        return uri;
    }

    /** The delivery-time check: resolves the host (blocking) and refuses private destinations unless allowed. */
    public void checkDestination(URI uri) throws UnknownHostException {
        if (allowPrivate) {
            return;
        }
        for (InetAddress a : InetAddress.getAllByName(hostOf(uri))) {
            if (isPrivate(a)) {
                throw refused(hostOf(uri) + " (" + a.getHostAddress() + ")");
            }
        }
    }

    /** Loopback, RFC 1918, link-local, ULA, CGNAT, unspecified, multicast, 0.0.0.0/8, benchmark 198.18/15. */
    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            return b0 == 0 || (b0 == 100 && b1 >= 64 && b1 <= 127) || (b0 == 198 && (b1 == 18 || b1 == 19));
        }
        return (b[0] & 0xfe) == 0xfc;
    }

    private static String hostOf(URI uri) {
        String h = uri.getHost().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static boolean isLiteralIp(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("the callback address points to a loopback or private network address ("
                + what + "); set callbacks.allow.private.addresses=true to allow it");
    }
}

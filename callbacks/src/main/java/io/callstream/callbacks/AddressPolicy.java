package io.callstream.callbacks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which callback addresses are acceptable (SSRF guard): absolute {@code http}/{@code https} URLs with a
 * host, at most 2048 characters, and, unless {@code callbacks.allow.private.addresses} is true, no
 * loopback, private (RFC 1918, IPv6 ULA), link-local (incl. cloud metadata 169.254.169.254),
 * carrier-grade NAT, unspecified or multicast destination. Checked when an address is configured
 * (literal IPs and {@code localhost}) and again before every delivery attempt (after DNS resolution); the
 * delivery connects to the very addresses checked (no second lookup that a rebinding DNS could answer
 * differently). Addresses embedding an IPv4 address (NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16},
 * Teredo, IPv4-compatible and -mapped) are judged by the IPv4 address they embed.
 *
 * <p>Loop prevention, whether or not private addresses are allowed: an address whose host is one of
 * {@code callbacks.own.hosts} ({@code host} or {@code host:port}, the deployment's own ingest), or that
 * resolves to one of their addresses (and port, when given), is refused.
 */
public final class AddressPolicy {

    public static final int MAX_LENGTH = 2048;
    private final boolean allowPrivate;
    private final List<OwnHost> ownHosts;
    private final Resolver resolver;

    /** Name resolution ({@link InetAddress#getAllByName} in production). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** One entry of {@code callbacks.own.hosts}; port -1: any port. */
    private record OwnHost(String host, int port) {
        static OwnHost parse(String entry) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            int colon = e.lastIndexOf(':');
            boolean bracketed = e.startsWith("[");
            if (colon > 0 && (bracketed ? e.charAt(colon - 1) == ']' : e.indexOf(':') == colon)) {
                return new OwnHost(unbracket(e.substring(0, colon)), Integer.parseInt(e.substring(colon + 1)));
            }
            return new OwnHost(unbracket(e), -1);
        }

        boolean matchesPort(int port) {
            return this.port < 0 || this.port == port;
        }
    }

    public AddressPolicy(boolean allowPrivate) {
        this(allowPrivate, List.of());
    }

    public AddressPolicy(boolean allowPrivate, List<String> ownHosts) {
        this(allowPrivate, ownHosts, InetAddress::getAllByName);
    }

    public AddressPolicy(boolean allowPrivate, List<String> ownHosts, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        this.ownHosts = ownHosts.stream().filter(h -> !h.isBlank()).map(OwnHost::parse).toList();
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
        for (OwnHost own : ownHosts) {
            if (own.host().equals(hostOf(uri)) && own.matchesPort(portOf(uri))) {
                throw ownIngest(hostOf(uri));
            }
        }
        if (allowPrivate) {
            return uri;
        }
        String host = hostOf(uri);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw refused(host);
        }
        if (isNonCanonicalNumber(host)) {
            // 0x7f000001, 0177.0.0.1, 2130706433, 127.1: resolvers read them as IPv4 in ways that differ; refuse them
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

    /**
     * The delivery-time check: resolves the host once (blocking), refuses the deployment's own ingest and,
     * unless allowed, private destinations, and returns the addresses checked: connect to these only.
     */
    public List<InetAddress> checkDestination(URI uri) throws UnknownHostException {
        String host = hostOf(uri);
        List<InetAddress> addresses = Arrays.asList(resolver.resolve(host));
        for (OwnHost own : ownHosts) {
            if (!own.matchesPort(portOf(uri))) {
                continue;
            }
            if (own.host().equals(host)) {
                throw ownIngest(host);
            }
            try {
                for (InetAddress o : resolver.resolve(own.host())) {
                    if (addresses.contains(o)) {
                        throw ownIngest(host + " (" + o.getHostAddress() + ")");
                    }
                }
            } catch (UnknownHostException e) {
                // an own host that does not resolve here cannot be the destination
            }
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (isPrivate(a)) {
                    throw refused(host + " (" + a.getHostAddress() + ")");
                }
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * Loopback, RFC 1918, link-local, ULA, CGNAT, unspecified, multicast, reserved (0/8, 192.0.0/24, 240/4),
     * documentation and benchmark ranges; IPv6 addresses that embed an IPv4 address (NAT64 64:ff9b::/96,
     * 6to4 2002::/16, Teredo 2001::/32, IPv4-compatible ::/96, IPv4-mapped) by that address; local-use
     * NAT64 64:ff9b:1::/48, discard-only 100::/64 and documentation 2001:db8::/32 always.
     */
    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        return b.length == 4 ? isPrivateV4(b) : isPrivateV6(b);
    }

    private static boolean isPrivateV4(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        int b2 = b[2] & 0xff;
        return b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224
                || (b0 == 100 && b1 >= 64 && b1 <= 127)
                || (b0 == 169 && b1 == 254)
                || (b0 == 172 && b1 >= 16 && b1 <= 31)
                || (b0 == 192 && b1 == 168)
                || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2))
                || (b0 == 198 && (b1 == 18 || b1 == 19))
                || (b0 == 198 && b1 == 51 && b2 == 100)
                || (b0 == 203 && b1 == 0 && b2 == 113);
    }

    private static boolean isPrivateV6(byte[] b) {
        if ((b[0] & 0xfe) == 0xfc || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
            return true; // ULA fc00::/7, link-local fe80::/10
        }
        if (prefix(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
            return true; // local-use NAT64 64:ff9b:1::/48
        }
        if (prefix(b, 0x01, 0x00, 0, 0, 0, 0, 0, 0) || prefix(b, 0x20, 0x01, 0x0d, 0xb8)) {
            return true; // discard-only 100::/64, documentation 2001:db8::/32
        }
        if (prefix(b, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return isPrivateV4(Arrays.copyOfRange(b, 12, 16)); // NAT64 64:ff9b::/96
        }
        if (prefix(b, 0x20, 0x02)) {
            return isPrivateV4(Arrays.copyOfRange(b, 2, 6)); // 6to4 2002::/16
        }
        if (prefix(b, 0x20, 0x01, 0x00, 0x00)) {
            byte[] v4 = Arrays.copyOfRange(b, 12, 16); // Teredo 2001::/32: client address, inverted
            for (int i = 0; i < 4; i++) {
                v4[i] = (byte) ~v4[i];
            }
            return isPrivateV4(v4);
        }
        if (prefix(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)
                || (b[10] == 0 && b[11] == 0))) {
            return isPrivateV4(Arrays.copyOfRange(b, 12, 16)); // IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96
        }
        return false;
    }

    private static boolean prefix(byte[] b, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((b[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static int portOf(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String unbracket(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The host, lower case, without brackets and without trailing dots ({@code LOCALHOST.} is {@code localhost}). */
    private static String hostOf(URI uri) {
        String host = unbracket(uri.getHost().toLowerCase(Locale.ROOT));
        while (host.endsWith(".") && host.length() > 1) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    /** A host made of numbers (decimal, octal or hex parts) that is not a canonical dotted quad. */
    static boolean isNonCanonicalNumber(String host) {
        return host.matches("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*")
                && !host.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    }

    private static boolean isLiteralIp(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static IllegalArgumentException ownIngest(String what) {
        return new IllegalArgumentException("the callback address points to this deployment's own ingest (" + what
                + ", listed in callbacks.own.hosts): its callbacks would come back in and be sent again, forever");
    }

    private static IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("the callback address points to a loopback or private network address ("
                + what + "); set callbacks.allow.private.addresses=true to allow it");
    }
}

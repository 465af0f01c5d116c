package dev.vigil.domain;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which IP addresses an alert may be sent to: public unicast addresses only. Anything else names what
 * it is, for the error: loopback, private, link-local (where cloud metadata services live), carrier-grade
 * NAT, multicast, unspecified, broadcast, benchmarking and documentation ranges, IPv6 unique-local and
 * site-local, IPv4-mapped and IPv4-compatible IPv6, 6to4 and Teredo tunnels, and NAT64 of any of these.
 * An IPv6 address outside {@code 2000::/3} (the global unicast block) is refused as well.
 */
public final class PublicAddress {
    /** {@code bits} leading bits of {@code prefix}, and what an address in it is. */
    private record Range(byte[] prefix, int bits, String kind) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Range> IPV4 = List.of(
            v4(0, 0, 0, 0, 8, "\"this network\" (0.0.0.0/8)"),
            v4(10, 0, 0, 0, 8, "private (10.0.0.0/8)"),
            v4(100, 64, 0, 0, 10, "carrier-grade NAT (100.64.0.0/10)"),
            v4(127, 0, 0, 0, 8, "loopback (127.0.0.0/8)"),
            v4(169, 254, 0, 0, 16, "link-local (169.254.0.0/16)"),
            v4(172, 16, 0, 0, 12, "private (172.16.0.0/12)"),
            v4(192, 0, 0, 0, 24, "IETF protocol assignment (192.0.0.0/24)"),
            v4(192, 0, 2, 0, 24, "documentation (192.0.2.0/24)"),
            v4(192, 88, 99, 0, 24, "6to4 relay (192.88.99.0/24)"),
            v4(192, 168, 0, 0, 16, "private (192.168.0.0/16)"),
            v4(198, 18, 0, 0, 15, "benchmarking (198.18.0.0/15)"),
            v4(198, 51, 100, 0, 24, "documentation (198.51.100.0/24)"),
            v4(203, 0, 113, 0, 24, "documentation (203.0.113.0/24)"),
            v4(224, 0, 0, 0, 4, "multicast (224.0.0.0/4)"),
            v4(240, 0, 0, 0, 4, "reserved or broadcast (240.0.0.0/4)"));

    /** Checked in order, so the narrower ranges name an address before the wider ones. */
    private static final List<Range> IPV6 = List.of(
            v6(128, "unspecified (::)"),
            v6(128, "loopback (::1)", 0, 0, 0, 0, 0, 0, 0, 1),
            v6(96, "IPv4-compatible IPv6 (::/96)"),
            v6(96, "IPv4-mapped IPv6 (::ffff:0:0/96)", 0, 0, 0, 0, 0, 0xffff),
            v6(48, "local-use NAT64 (64:ff9b:1::/48)", 0x64, 0xff9b, 1),
            v6(64, "discard-only (100::/64)", 0x100),
            v6(32, "Teredo (2001::/32)", 0x2001, 0),
            v6(28, "ORCHID (2001:10::/28)", 0x2001, 0x10),
            v6(28, "ORCHIDv2 (2001:20::/28)", 0x2001, 0x20),
            v6(32, "documentation (2001:db8::/32)", 0x2001, 0xdb8),
            v6(16, "6to4 (2002::/16)", 0x2002),
            v6(20, "documentation (3fff::/20)", 0x3fff),
            v6(7, "unique local (fc00::/7)", 0xfc00),
            v6(10, "link-local (fe80::/10)", 0xfe80),
            v6(10, "site-local (fec0::/10)", 0xfec0),
            v6(8, "multicast (ff00::/8)", 0xff00));

    private static final Range NAT64 = v6(96, "NAT64 (64:ff9b::/96)", 0x64, 0xff9b);
    private static final Range GLOBAL_UNICAST = v6(3, "global unicast (2000::/3)", 0x2000);

    private PublicAddress() {
    }

    /**
     * Empty when {@code address} is a public unicast address an alert may go to; otherwise what kind of
     * address it is, such as {@code "private (10.0.0.0/8)"}.
     */
    public static Optional<String> whyNotPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return IPV4.stream().filter(r -> r.contains(bytes)).map(Range::kind).findFirst();
        }
        Optional<String> special = IPV6.stream().filter(r -> r.contains(bytes)).map(Range::kind).findFirst();
        if (special.isPresent()) {
            return special;
        }
        if (NAT64.contains(bytes)) {
            Optional<String> embedded = whyNotPublic(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
            return embedded.map(kind -> NAT64.kind() + " of a " + kind + " address");
        }
        return GLOBAL_UNICAST.contains(bytes) ? Optional.empty() : Optional.of("not global unicast (outside 2000::/3)");
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException("an IPv4 address has four bytes", impossible);
        }
    }

    private static Range v4(int a, int b, int c, int d, int bits, String kind) {
        return new Range(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, bits, kind);
    }

    /** An IPv6 range from its leading 16-bit groups (the rest are zero). */
    private static Range v6(int bits, String kind, int... groups) {
        byte[] prefix = new byte[16];
        for (int i = 0; i < groups.length; i++) {
            prefix[2 * i] = (byte) (groups[i] >>> 8);
            prefix[2 * i + 1] = (byte) groups[i];
        }
        return new Range(prefix, bits, kind);
    }
}

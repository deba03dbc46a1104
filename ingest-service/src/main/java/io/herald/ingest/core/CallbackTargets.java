package io.herald.ingest.core;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where completion callbacks may go. A client with a valid key must not be able to make Herald POST to the places
 * only Herald can reach: its own admin port, the cloud metadata service, the cluster's internal services. So a
 * callback URL is refused, unless the operator allowed it, when:
 *
 * <ul>
 *   <li>its scheme is {@code http} and {@code callbacks.allowHttp} is false (the default: {@code https} only);</li>
 *   <li>its client has a host list ({@code callbacks.allowedHosts.<clientId>}) and the host is not on it;</li>
 *   <li>its host is a numeric address in a spelling other than the canonical one ({@code 127.1}, {@code 2130706433},
 *       {@code 0x7f.0.0.1}, {@code 0177.0.0.1}): resolvers disagree on what those mean;</li>
 *   <li>its host is, or resolves to, an address of a special-purpose range (see {@link #refusedRange(InetAddress)}):
 *       loopback, unspecified, link-local (with {@code 169.254.169.254}), private (RFC 1918), shared (RFC 6598),
 *       unique-local, multicast, reserved, documentation, IPv4-compatible, 6to4 and Teredo; IPv4-mapped and NAT64
 *       addresses are judged by the IPv4 address they carry; unless the address lies in one of
 *       {@code callbacks.allowedNetworks} (CIDRs). A name with several addresses is refused if any one is.</li>
 * </ul>
 *
 * The check runs twice: when a batch is submitted ({@link #check(String, String)}: a 400 with pointer
 * {@code /callbackUrl}) and when the callback is sent ({@link #problem(String, URI)} and then
 * {@link #resolve(String)} as the HTTP client's only resolver). The addresses checked at send time are the ones the
 * client connects to, so a name that resolved to a public address at submission and to a private one later (DNS
 * rebinding) is refused then.
 */
public final class CallbackTargets {

    /** Resolves a host name to its addresses, as {@link InetAddress#getAllByName(String)}. */
    @FunctionalInterface
    public interface Resolver {

        /**
         * @param host a host name or address literal
         * @return its addresses, at least one
         * @throws UnknownHostException if it does not resolve
         */
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Thrown by {@link #resolve(String)} for a host that resolves to a refused address. */
    public static final class RefusedAddressException extends UnknownHostException {

        private static final long serialVersionUID = 1L;

        RefusedAddressException(String message) {
            super(message);
        }
    }

    /** A host whose last label starts with a digit: not a DNS name, so it must be a canonical IPv4 address. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)[0-9][^.]*\\.?$");

    private final List<Cidr> allowedNetworks;
    private final boolean allowHttp;
    private final Map<String, List<String>> allowedHosts;
    private final Resolver resolver;

    /**
     * @param allowedNetworks CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.2/32}) whose addresses
     *     callbacks may reach although they are special-purpose
     * @param allowHttp whether {@code http} URLs are allowed; otherwise only {@code https}
     * @param allowedHosts client id to the hosts its callbacks may go to ({@code hooks.example.com}, or
     *     {@code *.example.com} for any name under it); a client without an entry may use any host
     * @param resolver the name resolver, used at submission and at connect time
     * @throws IllegalArgumentException if a CIDR is malformed
     */
    public CallbackTargets(List<String> allowedNetworks, boolean allowHttp, Map<String, List<String>> allowedHosts,
                           Resolver resolver) {
        this.allowedNetworks = allowedNetworks.stream().map(Cidr::parse).toList();
        this.allowHttp = allowHttp;
        Map<String, List<String>> hosts = new TreeMap<>();
        allowedHosts.forEach((client, list) -> hosts.put(client,
                list.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList()));
        this.allowedHosts = hosts;
        this.resolver = resolver;
    }

    /**
     * The full check at submission: {@link #problem(String, URI)}, then the host's addresses.
     *
     * @param clientId the submitting client's id
     * @param url the callback URL, already checked as a URL by {@link CallbackUrl}
     * @return what is wrong with it, for the problem's {@code /callbackUrl} entry, or empty if callbacks may go there
     */
    public Optional<String> check(String clientId, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        Optional<String> problem = problem(clientId, uri);
        if (problem.isPresent()) {
            return problem;
        }
        try {
            resolve(uri.getHost());
            return Optional.empty();
        } catch (RefusedAddressException e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("host " + uri.getHost() + " does not resolve");
        }
    }

    /**
     * The checks that need no name resolution: {@link CallbackUrl}'s (an absolute http or https URL with a host), plain
     * http, the client's host list, the spelling of a numeric host, and the range of an address literal.
     *
     * @param clientId the client the callback belongs to ({@code null}: the default client)
     * @param url an absolute URL
     * @return what is wrong with it, or empty
     */
    public Optional<String> problem(String clientId, URI url) {
        Optional<String> malformed = CallbackUrl.problem(url.toString());
        if (malformed.isPresent()) {
            return malformed;
        }
        if ("http".equalsIgnoreCase(url.getScheme()) && !allowHttp) {
            return Optional.of("must be an https URL (this service does not send callbacks over plain http)");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        List<String> hosts = clientId == null ? null : allowedHosts.get(clientId);
        if (hosts != null && hosts.stream().noneMatch(pattern -> hostMatches(pattern, url.getHost()))) {
            return Optional.of("host " + url.getHost() + " is not among this client's callback hosts");
        }
        if (host.startsWith("[")) {
            if (!InetAddresses.isUriInetAddress(host)) {
                return Optional.of("host " + host + " is not an IPv6 address");
            }
            return refusal(host, InetAddresses.forUriString(host));
        }
        if (NUMERIC_LAST_LABEL.matcher(host).matches()) {
            if (!InetAddresses.isInetAddress(host)) {
                return Optional.of("host " + host + " must be a DNS name or an IPv4 address in dotted-decimal form");
            }
            return refusal(host, InetAddresses.forString(host));
        }
        return Optional.empty();
    }

    /**
     * Resolves a callback host and refuses it if any of its addresses is refused: the HTTP client's resolver, so the
     * addresses checked are the ones connected to.
     *
     * @param host a host name or address literal (IPv6 with or without brackets)
     * @return its addresses, none refused
     * @throws RefusedAddressException if one of them is in a refused range
     * @throws UnknownHostException if it does not resolve
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(name);
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(host, address);
            if (refused.isPresent()) {
                throw new RefusedAddressException(refused.get());
            }
        }
        return addresses;
    }

    private Optional<String> refusal(String host, InetAddress address) {
        if (allowedNetworks.stream().anyMatch(cidr -> cidr.contains(address))) {
            return Optional.empty();
        }
        return refusedRange(address).map(range -> "host " + host + " is " + (isLiteral(host) ? "" : "or resolves to ")
                + "a " + range + " address (" + InetAddresses.toAddrString(address) + "); callbacks go only to public"
                + " addresses unless the operator allows the network (callbacks.allowedNetworks)");
    }

    private static boolean isLiteral(String host) {
        return host.startsWith("[") || InetAddresses.isInetAddress(host);
    }

    private static boolean hostMatches(String pattern, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (pattern.startsWith("*.")) {
            return h.endsWith(pattern.substring(1)) && h.length() > pattern.length() - 1;
        }
        return h.equals(pattern);
    }

    /**
     * The special-purpose range an address belongs to, per the IANA IPv4 and IPv6 Special-Purpose Address Registries
     * (RFC 6890): the ones a callback must not reach.
     *
     * @param address any address
     * @return the range's name ({@code loopback}, {@code private}, …), or empty for a public address
     */
    public static Optional<String> refusedRange(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return refusedRange4(v4.getAddress());
        }
        Inet6Address v6 = (Inet6Address) address;
        byte[] b = v6.getAddress();
        if (v6.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (v6.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            // ::ffff:0:0/96; Java's resolver gives these as Inet4Address already, other sources may not
            return refusedRange4(new byte[] {b[12], b[13], b[14], b[15]}).map(r -> "IPv4-mapped " + r);
        }
        if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && allZero(b, 4, 12)) {
            return refusedRange4(new byte[] {b[12], b[13], b[14], b[15]}).map(r -> "NAT64 " + r);
        }
        if (allZero(b, 0, 12)) {
            return Optional.of("IPv4-compatible");
        }
        if (prefix(b, 0x20, 0x02)) {
            return Optional.of("6to4");
        }
        if (prefix(b, 0x20, 0x01, 0x00, 0x00)) {
            return Optional.of("Teredo");
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("link-local");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("site-local");
        }
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("unique-local");
        }
        if (first == 0xff) {
            return Optional.of("multicast");
        }
        if (prefix(b, 0x20, 0x01, 0x0d, 0xb8)) {
            return Optional.of("documentation");
        }
        if (first == 0x01 && second == 0x00 && allZero(b, 2, 8)) {
            return Optional.of("discard-only");
        }
        if (allZero(b, 0, 10)) {
            return Optional.of("reserved");
        }
        return Optional.empty();
    }

    private static Optional<String> refusedRange4(byte[] b) {
        int a = b[0] & 0xff;
        int s = b[1] & 0xff;
        int t = b[2] & 0xff;
        if (a == 0) {
            return Optional.of("unspecified");
        }
        if (a == 127) {
            return Optional.of("loopback");
        }
        if (a == 10 || (a == 172 && (s & 0xf0) == 16) || (a == 192 && s == 168)) {
            return Optional.of("private");
        }
        if (a == 100 && (s & 0xc0) == 64) {
            return Optional.of("shared (carrier-grade NAT)");
        }
        if (a == 169 && s == 254) {
            return Optional.of("link-local");
        }
        if (a == 192 && s == 0 && t == 0) {
            return Optional.of("IETF protocol assignment");
        }
        if ((a == 192 && s == 0 && t == 2) || (a == 198 && s == 51 && t == 100) || (a == 203 && s == 0 && t == 113)) {
            return Optional.of("documentation");
        }
        if (a == 198 && (s & 0xfe) == 18) {
            return Optional.of("benchmarking");
        }
        if (a >= 224 && a <= 239) {
            return Optional.of("multicast");
        }
        if (a >= 240) {
            return Optional.of("reserved");
        }
        return Optional.empty();
    }

    private static boolean prefix(byte[] b, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((b[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param cidrs CIDRs to check
     * @return the malformed ones, with what is wrong, empty if all are well formed
     */
    public static List<String> malformed(List<String> cidrs) {
        List<String> bad = new ArrayList<>();
        for (String cidr : cidrs) {
            try {
                Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                bad.add(e.getMessage());
            }
        }
        return bad;
    }

    /** A network in CIDR notation: an address and how many of its leading bits are the network's. */
    private record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text == null ? -1 : text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR (address/prefix length)");
            }
            String address = text.substring(0, slash).trim();
            if (!InetAddresses.isInetAddress(address)) {
                throw new IllegalArgumentException("'" + text + "': '" + address + "' is not an IP address");
            }
            byte[] network = InetAddresses.forString(address).getAddress();
            int bits;
            try {
                bits = Integer.parseInt(text.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0-" + network.length * 8);
            }
            return new Cidr(network, bits);
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}

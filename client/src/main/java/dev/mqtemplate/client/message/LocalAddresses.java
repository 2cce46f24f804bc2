package dev.mqtemplate.client.message;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Enumeration;

/**
 * Picks the address that identifies this host inside message ids.
 *
 * <p>Order of preference: the first public IPv4 address, then the first private (site-local) IPv4, then the first
 * public IPv6, then whatever {@link InetAddress#getLocalHost()} says if it is not loopback. The official client takes a
 * public IPv6 over a private IPv4 when the interface enumeration meets it first; we prefer IPv4 throughout because
 * its ids are shorter and readers handle both, so both choices are valid.
 */
final class LocalAddresses {

    private LocalAddresses() {
    }

    /** The preferred address, or null if the host has no usable one. */
    static InetAddress pick() {
        InetAddress privateV4 = null;
        InetAddress publicV6 = null;
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface nic = interfaces.nextElement();
                if (!isUsable(nic)) {
                    continue;
                }
                Enumeration<InetAddress> addresses = nic.getInetAddresses();
                while (addresses.hasMoreElements()) {
                    InetAddress address = addresses.nextElement();
                    if (!isUnicastHost(address)) {
                        continue;
                    }
                    if (address instanceof Inet4Address) {
                        if (!address.isSiteLocalAddress()) {
                            return address;
                        }
                        if (privateV4 == null) {
                            privateV4 = address;
                        }
                    }
                    else if (address instanceof Inet6Address && publicV6 == null && isPublicV6(address)) {
                        publicV6 = address;
                    }
                }
            }
        }
        catch (SocketException ex) {
            // enumeration can fail in restricted containers; fall through to the other sources
        }
        if (privateV4 != null) {
            return privateV4;
        }
        if (publicV6 != null) {
            return publicV6;
        }
        try {
            InetAddress local = InetAddress.getLocalHost();
            return local.isLoopbackAddress() ? null : local;
        }
        catch (UnknownHostException ex) {
            return null;
        }
    }

    private static boolean isUsable(NetworkInterface nic) throws SocketException {
        return nic.isUp() && !nic.isLoopback() && !nic.isVirtual();
    }

    private static boolean isUnicastHost(InetAddress address) {
        return !address.isLoopbackAddress() && !address.isLinkLocalAddress() && !address.isAnyLocalAddress()
                && !address.isMulticastAddress();
    }

    // Unique local addresses (fc00::/7) are IPv6's private range; isSiteLocalAddress only knows the deprecated fec0::/10.
    private static boolean isPublicV6(InetAddress address) {
        byte first = address.getAddress()[0];
        return !address.isSiteLocalAddress() && (first & 0xFE) != 0xFC;
    }
}

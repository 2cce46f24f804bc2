package dev.mqtemplate.client.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Looks a host name up, blocking; {@link ChannelPool} calls it on a resolver thread of {@link ClientResources}, never
 * on an I/O thread. The JDK's lookup by default; tests put in a slow or failing one.
 */
@FunctionalInterface
interface HostResolver {

    /** The JDK's lookup, with its cache: {@link InetAddress#getByName(String)}. */
    HostResolver JDK = InetAddress::getByName;

    InetAddress resolve(String host) throws UnknownHostException;
}

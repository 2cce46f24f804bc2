package dev.mqtemplate.localbroker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free ports on 127.0.0.1, below the kernel's ephemeral range (32768 and up on Linux): a port taken from that
 * range may be grabbed by an outgoing connection while its server is down, and then a restart on the same port fails.
 * A broker needs three at fixed distances (listen port - 2 for its fast channel, listen port + 1 for HA), so
 * candidates are tried at random and checked together.
 */
final class FreePorts {

    private static final int LOWEST = 12_000;

    private static final int HIGHEST = 32_000;

    private FreePorts() {
    }

    /** Returns a listen port p such that p - 2, p and p + 1 are all free right now. */
    static int brokerListenPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (isFree(port - 2) && isFree(port) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port triple found on 127.0.0.1");
    }

    static int single() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found on 127.0.0.1");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

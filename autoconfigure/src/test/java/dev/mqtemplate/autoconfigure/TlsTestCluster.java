package dev.mqtemplate.autoconfigure;

import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalTls;

/**
 * One local cluster enforcing TLS for the test classes of this module that need one, started on first use and closed
 * when the test JVM exits: a cluster start is the slow part of these tests.
 */
final class TlsTestCluster {

    private TlsTestCluster() {
    }

    /** The cluster, started now if this is the first ask. */
    static LocalRocketMQ get() {
        return Holder.CLUSTER;
    }

    private static final class Holder {

        static final LocalRocketMQ CLUSTER = LocalRocketMQ.builder().tls(LocalTls.Mode.ENFORCING).start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(CLUSTER::close, "mqtemplate-test-tls-cluster-close"));
        }
    }
}

package dev.mqtemplate.localbroker;

import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of a master/slave broker group with automatic master election (RocketMQ 5 controller mode): a
 * standalone single-node controller ({@link LocalController}), and brokers that register with it and let it choose
 * the master. A single controller node is what fits a small machine; it cannot survive its own loss, which a test of
 * broker failover does not need.
 */
final class HAGroupSettings {

    private HAGroupSettings() {
    }

    /** Lines for the controller; {@code raftPort} is its DLedger port. */
    static List<String> controller(int raftPort, Path home) {
        return List.of(
                "controllerDLegerGroup=local",
                "controllerDLegerPeers=n0-127.0.0.1:" + raftPort,
                "controllerDLegerSelfId=n0",
                "controllerStorePath=" + home.resolve("controller"),
                // only a replica in the sync state set may become master: what was acknowledged is on it
                "enableElectUncleanMaster=false",
                "notifyBrokerRoleChanged=true",
                // look for brokers whose heartbeats stopped every second (default 5 s): failover starts sooner
                "scanNotActiveBrokerInterval=1000");
    }

    /** Lines for a member of the group {@code groupName}, whose controller listens at {@code controllerAddress}. */
    static List<String> member(String groupName, String controllerAddress) {
        return List.of(
                "brokerName=" + groupName,
                // the controller gives out ids and roles; every member starts as a slave without one
                "brokerId=-1",
                "brokerRole=SLAVE",
                "enableControllerMode=true",
                "controllerAddr=" + controllerAddress,
                // a send is acknowledged only once every replica in the sync state set has it: nothing acknowledged
                // is lost when the master dies and a replica takes over
                "allAckInSyncStateSet=true",
                // heartbeats to the controller every 500 ms, dead after 3 s without one (defaults 1 s and 10 s)
                "brokerHeartbeatInterval=500",
                "controllerHeartBeatTimeoutMills=3000",
                // a replica that caught up joins the sync state set within a second (default 5 s)
                "checkSyncStateSetPeriod=1000",
                "syncBrokerMetadataPeriod=1000");
    }
}

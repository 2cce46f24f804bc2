package dev.mqtemplate.localbroker.runtime;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.apache.rocketmq.store.DefaultMessageStore;
import org.apache.rocketmq.store.ha.DefaultHAService;

/**
 * The broker's HA service, bound to 127.0.0.1. RocketMQ 5.3.3 binds the HA listener (listen port + 1) to every
 * interface whatever {@code bindAddress} says; the message store loads its HA service through
 * {@code META-INF/service/org.apache.rocketmq.store.ha.HAService}, which names this class, so a local broker keeps
 * every listener on loopback.
 */
public class LoopbackHAService extends DefaultHAService {

    @Override
    public void init(DefaultMessageStore store) throws java.io.IOException {
        super.init(store);
        int port = store.getMessageStoreConfig().getHaListenPort();
        try {
            // The accept service keeps its address in a private final field, set in its constructor; it binds in start().
            Field address = DefaultHAService.AcceptSocketService.class.getDeclaredField("socketAddressListen");
            address.setAccessible(true);
            address.set(acceptSocketService, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind the HA listener to loopback on this RocketMQ version", e);
        }
    }
}

package dev.mqtemplate.autoconfigure;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where to connect: the name servers (later also TLS and credentials). Backed by {@code mq.name-server} unless a
 * bean of this type is defined, e.g. by a test harness that started its own broker.
 */
public interface MQConnectionDetails extends ConnectionDetails {

    /**
     * Name server addresses, {@code host:port} separated by {@code ;}; never blank.
     */
    String nameServer();
}

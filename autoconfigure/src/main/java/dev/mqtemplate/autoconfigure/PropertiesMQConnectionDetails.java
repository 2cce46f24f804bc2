package dev.mqtemplate.autoconfigure;

/**
 * {@link MQConnectionDetails} read from {@link MQProperties}; fails with {@link NameServerNotConfiguredException} when
 * {@code mq.name-server} is not set.
 */
class PropertiesMQConnectionDetails implements MQConnectionDetails {

    private final MQProperties properties;

    PropertiesMQConnectionDetails(MQProperties properties) {
        this.properties = properties;
    }

    @Override
    public String nameServer() {
        String nameServer = properties.getNameServer();
        if (nameServer == null || nameServer.isBlank()) {
            throw new NameServerNotConfiguredException();
        }
        return nameServer;
    }
}

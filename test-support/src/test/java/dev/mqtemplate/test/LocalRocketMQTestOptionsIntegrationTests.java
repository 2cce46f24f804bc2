package dev.mqtemplate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.localbroker.LocalBroker;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

/** The annotation's options reach the cluster: two brokers, and brokers without the timer wheel refuse timer sends. */
@SpringBootTest
@LocalRocketMQTest(brokers = 2, timerWheel = false)
class LocalRocketMQTestOptionsIntegrationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

    @Autowired
    MQTemplate template;

    @Autowired
    TopicMessages messages;

    @Autowired
    LocalRocketMQ rocketMQ;

    @Test
    void twoBrokersRun() {
        assertThat(rocketMQ.brokers()).extracting(LocalBroker::name).containsExactly("broker-a", "broker-b");
        assertThat(rocketMQ.brokers()).allMatch(LocalBroker::isRunning);
    }

    @Test
    void withoutTheTimerWheelATimerSendIsRefusedAndAPlainOneStored() {
        String topic = "lrt_nowheel_" + System.nanoTime();
        template.send(topic, "now".getBytes());

        assertThatThrownBy(() -> template.send(MQMessage.builder(topic).body("later").delay(Duration.ofSeconds(5))
                .build())).isInstanceOfSatisfying(MQBrokerRejectedException.class,
                        rejected -> assertThat(rejected.remark()).contains("timerWheelEnable is false"));
        assertThat(messages.awaitBodies(topic, 1)).containsExactly("now");
    }
}

package dev.mqtemplate.localbroker.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Waits until a real send succeeds. A broker is routable only after it has registered with the name server, so
 * "ready" means: the official producer stored a message on the given topic. Arguments: name server address, topic,
 * budget in milliseconds. Prints {@code READY <broker name>} and exits 0, or exits 1 when the budget runs out.
 */
public final class ReadinessProbe {

    private ReadinessProbe() {
    }

    public static void main(String[] args) throws Exception {
        String nameServer = args[0];
        String topic = args[1];
        long deadline = System.currentTimeMillis() + Long.parseLong(args[2]);
        DefaultMQProducer producer = new DefaultMQProducer("local-broker-readiness", AdminHook.fromEnvironment());
        producer.setNamesrvAddr(nameServer);
        producer.setSendMsgTimeout(2000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        try {
            Throwable last = null;
            while (System.currentTimeMillis() < deadline) {
                try {
                    SendResult result = producer.send(new Message(topic, "ready".getBytes(StandardCharsets.UTF_8)));
                    if (result.getSendStatus() == SendStatus.SEND_OK) {
                        System.out.println("READY " + result.getMessageQueue().getBrokerName());
                        System.out.flush();
                        // the answer is out: a graceful producer shutdown would only delay the caller, which waits
                        // for this JVM's output to end
                        Runtime.getRuntime().halt(0);
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(250);
            }
            System.out.println("NOT READY " + last);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        } finally {
            producer.shutdown();
        }
    }
}

package dev.mqtemplate.sample;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Sends a few demo messages at startup and logs each result, so the first run shows the whole path working.
 */
@Component
class DemoMessages implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoMessages.class);

    private final MQTemplate template;

    private final int count;

    private final String topic;

    DemoMessages(MQTemplate template, @Value("${sample.demo.count:3}") int count,
            @Value("${sample.demo.topic:sample_demo}") String topic) {
        this.template = template;
        this.count = count;
        this.topic = topic;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (int i = 1; i <= count; i++) {
            SendResult result = template.send(MQMessage.builder(topic).tags("demo").keys("demo-" + i)
                    .body("hello from mqtemplate #" + i).build());
            log.info("Sent demo message {} of {}: {}", i, count, result);
        }
    }
}

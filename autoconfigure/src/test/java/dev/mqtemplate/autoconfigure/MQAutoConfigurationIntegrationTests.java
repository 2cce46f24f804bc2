package dev.mqtemplate.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.localbroker.LocalRocketMQ;
import dev.mqtemplate.localbroker.LocalRocketMQExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configured template against a real broker, and its lifecycle with the context.
 */
@ExtendWith(LocalRocketMQExtension.class)
class MQAutoConfigurationIntegrationTests {

    @Test
    void closingTheContextCompletesEveryOneOfAThousandAsyncSendsWithinTheCloseTimeout(LocalRocketMQ rocketMQ) {
        Duration closeTimeout = Duration.ofSeconds(1);
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        long[] closeMillis = new long[1];
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .withPropertyValues("mq.name-server=" + rocketMQ.nameServerAddress(),
                        "mq.close-timeout=" + closeTimeout.toMillis() + "ms")
                .run(context -> {
                    MQTemplate template = context.getBean(MQTemplate.class);
                    template.send("it_close_warmup", "warm".getBytes()); // route and connection ready
                    for (int i = 0; i < 1000; i++) {
                        futures.add(template.sendAsync(MQMessage.builder("it_close_" + (i % 4)).body("m" + i).build()));
                    }
                    long started = System.nanoTime();
                    context.close();
                    closeMillis[0] = (System.nanoTime() - started) / 1_000_000;
                    assertThat(template.isClosed()).isTrue();
                });

        assertThat(closeMillis[0]).isLessThan(closeTimeout.toMillis() + 1000);
        assertThat(futures).allMatch(CompletableFuture::isDone, "completed or failed, none left hanging");
        for (CompletableFuture<SendResult> future : futures) {
            try {
                future.join();
            } catch (CompletionException e) {
                // accepted before close: whatever did not finish may have been written, so only these two kinds
                assertThat(e.getCause()).isInstanceOf(MQException.class);
            }
        }
    }

    @Test
    void autoConfiguredTemplateSendsToTheRealBroker(LocalRocketMQ rocketMQ) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .withPropertyValues("mq.name-server=" + rocketMQ.nameServerAddress(), "mq.producer-group=it_group")
                .run(context -> {
                    SendResult result = context.getBean(MQTemplate.class).send("it_autoconfig:tagA", "hi".getBytes());
                    assertThat(result.msgId()).hasSize(32);
                    assertThat(rocketMQ.readMessages("it_autoconfig", 1, Duration.ofSeconds(20)))
                            .anyMatch(m -> m.uniqKey().equals(result.msgId()) && "tagA".equals(m.tags()));
                });
    }
}

package dev.mqtemplate.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web app that sends RocketMQ messages through the auto-configured {@code MQTemplate}. With no
 * {@code mq.name-server} set it starts a real local RocketMQ first.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}

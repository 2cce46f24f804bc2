package dev.mqtemplate.benchmark;

import dev.mqtemplate.benchmark.harness.ChildRunner;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.metrics.MicrometerSendMetrics;
import dev.mqtemplate.client.metrics.SendMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Main of the metered mqtemplate's benchmark JVM (on this module's classpath): mqtemplate as users run it, through the
 * starter in a Spring Boot application with Actuator and a Prometheus registry, every setting at its default, so each
 * send also records the {@code mq.send} timer and each body the compression meters. The name server comes in as
 * {@code --mq.name-server=}, the only property set. Arguments as {@link ChildRunner} takes them.
 */
public final class BootAppRunner {

    private static final byte[] PROBE = "metered start-up probe".getBytes(StandardCharsets.UTF_8);

    private BootAppRunner() {
    }

    public static void main(String[] args) {
        String ca = MQTemplateClient.tlsCa();
        // a TLS target: the way a Boot user configures it, a PEM bundle named by mq.ssl.bundle
        ChildRunner.run(args, target -> ca == null ? start(target.nameServer(), target.topic())
                : start(target.nameServer(), target.topic(), "--spring.ssl.bundle.pem.bench.truststore.certificate=file:"
                        + ca, "--mq.ssl.bundle=bench"));
    }

    /**
     * Starts the application, checks that its sends are metered into Prometheus (one probe send) and returns the
     * client that drives its template; closing the client closes the application.
     *
     * @param extraArguments more command-line arguments for the application (tests use them)
     * @throws IllegalStateException when the sends are not recorded into a Prometheus registry
     */
    static MQTemplateClient start(String nameServer, String topic, String... extraArguments) {
        SpringApplication application = new SpringApplication(App.class);
        // non-web: no port to bind; Actuator's meters do not need one
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        String[] arguments = new String[extraArguments.length + 1];
        arguments[0] = "--mq.name-server=" + nameServer;
        System.arraycopy(extraArguments, 0, arguments, 1, extraArguments.length);
        ConfigurableApplicationContext context = application.run(arguments);
        try {
            MQTemplateClient client = new MQTemplateClient(context.getBean(MQTemplate.class), topic, context::close);
            checkMetered(context, client);
            return client;
        } catch (Exception e) {
            context.close();
            throw e instanceof IllegalStateException state ? state
                    : new IllegalStateException("the metered client did not start: " + e, e);
        }
    }

    /** Fails unless the template's sends reach the {@code mq.send} timer of a Prometheus registry. */
    private static void checkMetered(ConfigurableApplicationContext context, MQTemplateClient client)
            throws Exception {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
            throw new IllegalStateException("the application's MeterRegistry is " + registry.getClass().getName()
                    + ", not a PrometheusMeterRegistry: the metered benchmark would not measure what users run");
        }
        SendMetrics metrics = context.getBean(SendMetrics.class);
        if (!(metrics instanceof MicrometerSendMetrics)) {
            throw new IllegalStateException("the template's SendMetrics is " + metrics.getClass().getName()
                    + ", not MicrometerSendMetrics");
        }
        client.sendSync(PROBE);
        // the template records a send after completing its caller's future, so the timer may lag the return a little
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (recorded(prometheus) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long recorded = recorded(prometheus);
        if (recorded < 1 || !prometheus.scrape().contains("mq_send_seconds_count")) {
            throw new IllegalStateException("a send was not recorded as mq.send in the Prometheus registry ("
                    + recorded + " recorded)");
        }
        System.out.println("Metered: mq.send recorded into " + registry.getClass().getSimpleName());
    }

    private static long recorded(MeterRegistry registry) {
        return registry.find("mq.send").timers().stream().mapToLong(Timer::count).sum();
    }

    /** The application: auto-configuration only; nothing to scan. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }
}

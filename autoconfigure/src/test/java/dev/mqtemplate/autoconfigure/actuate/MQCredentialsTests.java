package dev.mqtemplate.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.autoconfigure.MQAutoConfiguration;
import dev.mqtemplate.autoconfigure.health.MQHealthContributorAutoConfiguration;
import dev.mqtemplate.autoconfigure.health.MQHealthIndicator;
import dev.mqtemplate.client.MQClientConfig;
import dev.mqtemplate.client.MQTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mq.access-key}, {@code mq.secret-key} and {@code mq.security-token} reach the template's configuration, and
 * the secret and the token show up nowhere: not in the Actuator {@code configprops} and {@code env} endpoints shown
 * with {@code show-values=always}, not in the health details, not in the start-up output.
 */
@ExtendWith(OutputCaptureExtension.class)
class MQCredentialsTests {

    private static final String SECRET = "mqt-test-secret-7f3a9c";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class,
                    MQHealthContributorAutoConfiguration.class, MQCredentialsSanitizingAutoConfiguration.class))
            .withPropertyValues("mq.name-server=127.0.0.1:9876", "mq.access-key=mqt-alice", "mq.secret-key=" + SECRET,
                    "mq.security-token=" + SECRET + "-token");

    @Test
    void theCredentialsReachTheTemplatesConfiguration() {
        runner.run(context -> {
            MQClientConfig config = context.getBean(MQClientConfig.class);
            assertThat(config.credentials().accessKey()).isEqualTo("mqt-alice");
            assertThat(config.credentials().secretKey()).isEqualTo(SECRET);
            assertThat(config.credentials().securityToken()).isEqualTo(SECRET + "-token");
            assertThat(config.credentials().toString()).doesNotContain(SECRET);
        });
    }

    @Test
    void noCredentialsByDefaultAndAnAccessKeyAloneIsRefused() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .withPropertyValues("mq.name-server=127.0.0.1:9876").run(context ->
                        assertThat(context.getBean(MQClientConfig.class).credentials()).isNull());
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MQAutoConfiguration.class))
                .withPropertyValues("mq.name-server=127.0.0.1:9876", "mq.access-key=mqt-alice").run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("'mq.secret-key'"));
    }

    @Test
    void theSecretAndTokenAreMaskedInConfigpropsAndEnvEvenWithShowValuesAlways(CapturedOutput output) {
        runner.withSystemProperties("MQ_SECRET_KEY=" + SECRET).run(context -> {
            List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class).orderedStream()
                    .toList();
            assertThat(sanitizers).isNotEmpty();
            ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(sanitizers,
                    Show.ALWAYS);
            configprops.setApplicationContext(context);
            EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
            JsonMapper json = JsonMapper.builder().build();

            String configpropsJson = json.writeValueAsString(configprops.configurationProperties());
            String envJson = json.writeValueAsString(env.environment(null));

            assertThat(configpropsJson).contains("mqt-alice", "\"secretKey\":\"******\"",
                    "\"securityToken\":\"******\"").doesNotContain(SECRET);
            assertThat(envJson).contains("mqt-alice").doesNotContain(SECRET);
            assertThat(json.writeValueAsString(env.environmentEntry("mq.secret-key"))).doesNotContain(SECRET);
            assertThat(context.getBean(MQHealthIndicator.class).health(true).toString()).doesNotContain(SECRET);
            assertThat(context.getBean(MQTemplate.class).toString()).doesNotContain(SECRET);
        });
        assertThat(output.getAll()).doesNotContain(SECRET);
    }
}

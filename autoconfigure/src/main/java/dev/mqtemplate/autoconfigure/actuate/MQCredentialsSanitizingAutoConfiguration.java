package dev.mqtemplate.autoconfigure.actuate;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks {@code mq.secret-key} and {@code mq.security-token} in the Actuator {@code configprops} and {@code env}
 * endpoints, whatever {@code show-values} says: since Boot 3 an endpoint shown with {@code show-values=always}
 * masks only what a {@link SanitizingFunction} bean masks. Only with Actuator on the classpath.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class MQCredentialsSanitizingAutoConfiguration {

    @Bean
    SanitizingFunction mqCredentialsSanitizingFunction() {
        return MQCredentialsSanitizingAutoConfiguration::sanitize;
    }

    /**
     * Masks the secrets under any name they bind from: {@code mq.secret-key} in a file, {@code MQ_SECRETKEY} or
     * {@code MQ_SECRET_KEY} in the environment, {@code mq.secretKey} as the configprops endpoint names the field, and
     * the same under a named template ({@code mq.templates.<name>.secret-key}).
     */
    static SanitizableData sanitize(SanitizableData data) {
        String key = data.getKey();
        if (key == null || data.getValue() == null) {
            return data;
        }
        String plain = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        boolean secret = plain.endsWith("secretkey") || plain.endsWith("securitytoken");
        return secret && plain.startsWith("mq") ? data.withSanitizedValue() : data;
    }
}

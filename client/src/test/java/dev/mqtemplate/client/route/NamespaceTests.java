package dev.mqtemplate.client.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mqtemplate.client.error.MQValidationException;
import org.junit.jupiter.api.Test;

/** The v1 namespace rule: what the brokers store for a user's name, and back, as the official NamespaceUtil does. */
class NamespaceTests {

    private final Namespace shop = Namespace.of("shop");

    @Test
    void wrapsATopicOrGroupAsNamespacePercentName() {
        assertThat(shop.wrap("orders")).isEqualTo("shop%orders");
        assertThat(shop.wrap("my_group")).isEqualTo("shop%my_group");
        assertThat(shop.unwrap("shop%orders")).isEqualTo("orders");
    }

    @Test
    void noNamespaceLeavesEveryNameAsItIs() {
        assertThat(Namespace.of(null)).isSameAs(Namespace.NONE);
        assertThat(Namespace.of("")).isSameAs(Namespace.NONE);
        assertThat(Namespace.NONE.isSet()).isFalse();
        assertThat(Namespace.NONE.wrap("orders")).isEqualTo("orders");
        assertThat(Namespace.NONE.unwrap("shop%orders")).isEqualTo("shop%orders");
        assertThat(Namespace.NONE.describe("orders")).isEmpty();
        assertThat(Namespace.NONE.checkTopic("t".repeat(127))).hasSize(127);
    }

    @Test
    void aNameThatAlreadyCarriesTheNamespaceIsNotWrappedTwice() {
        assertThat(shop.wrap("shop%orders")).isEqualTo("shop%orders");
        // another namespace's name is just a name with a '%' in it, as for the official client
        assertThat(shop.wrap("other%orders")).isEqualTo("shop%other%orders");
        assertThat(shop.unwrap("other%orders")).isEqualTo("other%orders");
    }

    @Test
    void theAutoCreateTemplateTopicIsNeverWrapped() {
        assertThat(shop.wrap("TBW102")).isEqualTo("TBW102");
    }

    @Test
    void aWrappedTopicLongerThanTheBrokersLineIsRefusedBeforeTheNetworkNamingTheUsersTopic() {
        String fits = "t".repeat(127 - "shop%".length());
        assertThat(shop.checkTopic(fits)).isEqualTo(fits);

        String tooLong = fits + "t";
        MQValidationException refused = catchThrowableOfType(MQValidationException.class,
                () -> shop.checkTopic(tooLong));
        assertThat(refused.field()).isEqualTo("topic");
        assertThat(refused.getMessage()).contains("must be at most 122 characters long in namespace 'shop'")
                .contains("(128 chars), and takes at most 127");
    }

    @Test
    void aWrappedProducerGroupLongerThan255IsRefused() {
        assertThat(shop.checkProducerGroup("g".repeat(250))).hasSize(250);
        MQValidationException refused = catchThrowableOfType(MQValidationException.class,
                () -> shop.checkProducerGroup("g".repeat(251)));
        assertThat(refused.field()).isEqualTo("producerGroup");
        assertThat(refused.getMessage()).contains("must be at most 250 characters long in namespace 'shop'");
    }

    @Test
    void namesThatCannotBeANamespaceAreRefusedNamingTheValue() {
        assertThat(catchThrowableOfType(MQValidationException.class, () -> Namespace.of("a%b")))
                .hasMessageContaining("namespace 'a%b' is invalid: may contain only letters, digits, '-' and '_'");
        assertThat(catchThrowableOfType(MQValidationException.class, () -> Namespace.of("a b")))
                .hasMessageContaining("may contain only letters, digits");
        assertThat(catchThrowableOfType(MQValidationException.class, () -> Namespace.of("  ")))
                .hasMessageContaining("must not be blank");
        assertThat(catchThrowableOfType(MQValidationException.class, () -> Namespace.of("n".repeat(65))))
                .hasMessageContaining("must be at most 64 characters long");
    }

    @Test
    void aNamespaceThatWouldMakeEveryTopicASystemTopicIsRefused() {
        // rmq_sys_x%orders starts with rmq_sys_: brokers and consumers would take every topic for a system one
        assertThat(catchThrowableOfType(MQValidationException.class, () -> Namespace.of("rmq_sys_x")))
                .hasMessageContaining("reserved prefix 'rmq_sys_'");
        assertThat(catchThrowableOfType(MQValidationException.class, () -> Namespace.of("RMQ_SYS_")))
                .hasMessageContaining("reserved prefix 'RMQ_SYS_'");
        assertThat(Namespace.of("rmq").wrap("orders")).isEqualTo("rmq%orders");
    }

    @Test
    void describesWhereTheBrokerKeepsAUsersTopic() {
        assertThat(shop.describe("orders")).isEqualTo(" (stored as 'shop%orders' in namespace 'shop')");
        assertThat(shop).hasToString("namespace 'shop'");
    }
}

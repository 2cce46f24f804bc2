package dev.mqtemplate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mqtemplate.client.error.MQValidationException;
import org.junit.jupiter.api.Test;

/** The one rule every destination-taking send (ours and the Spring messaging template's) reads destinations by. */
class DestinationTests {

    @Test
    void aBareTopicNamesNoTags() {
        MQMessage message = Destination.parse("orders").messageBuilder().body("x").build();
        assertThat(message.topic()).isEqualTo("orders");
        assertThat(message.tags()).isNull();
    }

    @Test
    void tagsFollowTheFirstColonAndMayHoldColons() {
        Destination destination = Destination.parse("orders:created:eu");
        assertThat(destination).isEqualTo(new Destination("orders", "created:eu"));
        assertThat(destination.messageBuilder().body("x").build().tags()).isEqualTo("created:eu");
    }

    @Test
    void aBlankOrMissingDestinationIsRefusedBeforeTheNetwork() {
        assertThatThrownBy(() -> Destination.parse(" ")).isInstanceOf(MQValidationException.class)
            .hasMessageContaining("destination");
        assertThatThrownBy(() -> Destination.parse(null)).isInstanceOf(MQValidationException.class);
    }
}

package dev.mqtemplate.client.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecodedFieldsTests {

    @Test
    void behavesLikeAnInsertionOrderedMapOfItsFields() {
        DecodedFields fields = new DecodedFields();
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            // more fields than the first array holds, so it has to grow
            fields.add("key" + i, "value" + i);
            expected.put("key" + i, "value" + i);
        }
        fields.add("key3", "again");
        expected.put("key3", "again");

        assertThat(fields).containsExactlyEntriesOf(expected);
        assertThat(fields).isEqualTo(expected);
        assertThat(fields.hashCode()).isEqualTo(expected.hashCode());
        assertThat(fields.get(new String("key19"))).isEqualTo("value19");
        assertThat(fields.get("missing")).isNull();
        assertThat(fields.containsKey("key0")).isTrue();
        assertThat(fields.containsKey("key20")).isFalse();
        assertThat(fields.size()).isEqualTo(20);
    }

    @Test
    void cannotBeChangedFromOutside() {
        DecodedFields fields = new DecodedFields();
        fields.add("msgId", "AC11");

        assertThatThrownBy(() -> fields.put("other", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fields.remove("msgId")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fields.entrySet().iterator().next().setValue("y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(fields).containsExactly(Map.entry("msgId", "AC11"));
    }
}

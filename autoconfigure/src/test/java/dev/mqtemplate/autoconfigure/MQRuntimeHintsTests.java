package dev.mqtemplate.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.message.CompressionType;
import dev.mqtemplate.client.route.TopicRoute;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

/** The hints an AOT-processed application needs for what the client reads reflectively. */
class MQRuntimeHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    MQRuntimeHintsTests() {
        AotServices.factories().load(RuntimeHintsRegistrar.class).stream()
            .filter(MQRuntimeHints.class::isInstance)
            .forEach(registrar -> registrar.registerHints(hints, getClass().getClassLoader()));
    }

    @Test
    void theRegistrarIsFoundWhereAotProcessingLooksForIt() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
            .anyMatch(MQRuntimeHints.class::isInstance);
    }

    @Test
    void theRouteRecordsCanBeBuiltAndReadByDataBinding() {
        for (Class<?> type : new Class<?>[] {TopicRoute.class, TopicRoute.QueueData.class,
                TopicRoute.BrokerData.class}) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getSimpleName()).accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(type.getDeclaredConstructors()[0]))
                .as(type.getSimpleName() + " constructor").accepts(hints);
            for (RecordComponent component : type.getRecordComponents()) {
                assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
                    .as(type.getSimpleName() + "." + component.getName()).accepts(hints);
            }
        }
    }

    @Test
    void everyOptionalCodecsLibraryStaysFindableByName() {
        for (CompressionType type : CompressionType.values()) {
            if (type.probeClass() != null) {
                assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type.probeClass())))
                    .as(type.name()).accepts(hints);
            }
        }
    }
}

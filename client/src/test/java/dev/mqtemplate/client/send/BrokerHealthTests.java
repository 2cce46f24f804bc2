package dev.mqtemplate.client.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mqtemplate.client.send.BrokerHealth.FaultKind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Fault avoidance's bookkeeping, on a clock the test steps. */
class BrokerHealthTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private final BrokerHealth health = new BrokerHealth(Duration.ofMillis(500), Duration.ofSeconds(30), now::get);

    @Test
    void faultsWhileIsolatedAreOneEventNotAStreak() {
        // twenty requests time out together on a stalled broker
        for (int i = 0; i < 21; i++) {
            health.recordFault("broker-a", FaultKind.RESPONSE);
        }

        assertThat(health.faultsInARow("broker-a")).isEqualTo(1);
        assertThat(health.isAvailable("broker-a")).isFalse();
        step(Duration.ofMillis(500));
        assertThat(health.isAvailable("broker-a")).as("back after the first back-off, not 2^20 of them").isTrue();
    }

    @Test
    void aConnectionFaultLastsUntilAProbeAnswersNotUntilAClockRunsOut() {
        // a connection dropped with twenty requests in flight: the drop, then each request's failure
        for (int i = 0; i < 21; i++) {
            health.recordFault("broker-a", FaultKind.CONNECTION);
        }
        assertThat(health.faultsInARow("broker-a")).isEqualTo(1);

        step(Duration.ofSeconds(10));
        assertThat(health.isAvailable("broker-a")).as("a dead broker gets no user send to prove it dead").isFalse();
        assertThat(health.recordProbeAnswered("broker-a")).isTrue();
        assertThat(health.isAvailable("broker-a")).isTrue();
    }

    @Test
    void aConnectionFaultEndsAfterTheMaximumIsolationEvenWithoutAProbe() {
        health.recordFault("broker-a", FaultKind.CONNECTION);

        step(Duration.ofSeconds(30));

        assertThat(health.isAvailable("broker-a")).isTrue();
    }

    @Test
    void aTimeoutDuringAConnectionIsolationTurnsItIntoABackOffNoProbeClears() {
        health.recordFault("broker-a", FaultKind.CONNECTION);
        health.recordFault("broker-a", FaultKind.RESPONSE);

        assertThat(health.recordProbeAnswered("broker-a")).isFalse();
        step(Duration.ofMillis(500));
        assertThat(health.isAvailable("broker-a")).isTrue();
    }

    @Test
    void aFaultAfterTheIsolationEndedDoublesTheNextOne() {
        health.recordFault("broker-a", FaultKind.RESPONSE);
        step(Duration.ofMillis(500));

        Duration second = health.recordFault("broker-a", FaultKind.RESPONSE);

        assertThat(health.faultsInARow("broker-a")).isEqualTo(2);
        assertThat(second).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aProbeAnswerClearsConnectionFaultsButNotResponseFaults() {
        health.recordFault("refused", FaultKind.CONNECTION);
        health.recordFault("hung-store", FaultKind.RESPONSE);
        health.recordFault("dropped-then-timed-out", FaultKind.CONNECTION);
        health.recordFault("dropped-then-timed-out", FaultKind.RESPONSE);

        assertThat(health.probeClearableBrokers()).containsExactly("refused");
        assertThat(health.recordProbeAnswered("refused")).isTrue();
        assertThat(health.recordProbeAnswered("hung-store")).isFalse();
        assertThat(health.recordProbeAnswered("dropped-then-timed-out")).isFalse();

        assertThat(health.isAvailable("refused")).isTrue();
        assertThat(health.isolatedBrokers()).containsExactlyInAnyOrder("hung-store", "dropped-then-timed-out");
    }

    @Test
    void onlyAStoredMessageClearsAResponseFault() {
        health.recordFault("broker-a", FaultKind.RESPONSE);

        health.recordSuccess("broker-a");

        assertThat(health.suspectBrokers()).isEmpty();
        assertThat(health.faultsInARow("broker-a")).isZero();
    }

    private void step(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}

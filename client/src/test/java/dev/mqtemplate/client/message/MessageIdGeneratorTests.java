package dev.mqtemplate.client.message;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessageIdGeneratorTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void ipv4IdIs32UpperCaseHexCharsAndGivesBackItsAddress() throws Exception {
        InetAddress address = InetAddress.getByName("192.168.7.42");
        String id = new MessageIdGenerator(address).nextId();
        assertThat(id).hasSize(MessageIdGenerator.IPV4_ID_LENGTH).matches("[0-9A-F]{32}").startsWith("C0A8072A");
        assertThat(MessageIdGenerator.addressOf(id)).isEqualTo(address);
    }

    @Test
    void ipv6IdIs56HexCharsAndGivesBackItsAddress() throws Exception {
        InetAddress address = InetAddress.getByName("2001:db8::5:1");
        String id = new MessageIdGenerator(address).nextId();
        assertThat(id).hasSize(MessageIdGenerator.IPV6_ID_LENGTH).matches("[0-9A-F]{56}");
        assertThat(MessageIdGenerator.addressOf(id)).isEqualTo(address);
    }

    @Test
    void defaultGeneratorFindsSomeAddress() {
        String id = new MessageIdGenerator().nextId();
        assertThat(id.length()).isIn(MessageIdGenerator.IPV4_ID_LENGTH, MessageIdGenerator.IPV6_ID_LENGTH);
        assertThat(MessageIdGenerator.addressOf(id).isLoopbackAddress()).isFalse();
    }

    @Test
    void fieldsAreLaidOutInTheOfficialOrder() throws Exception {
        Instant monthStart = LocalDateTime.of(2026, 3, 1, 0, 0).atZone(BERLIN).toInstant();
        MutableClock clock = new MutableClock(monthStart.plusMillis(0x01020304), BERLIN);
        MessageIdGenerator generator = new MessageIdGenerator(InetAddress.getByName("10.0.0.1"), 0x51234, 0xCAFEBABE,
                clock);
        // address, pid truncated to int16, instance int32, ms since month start, counter
        assertThat(generator.nextId()).isEqualTo("0A000001" + "1234" + "CAFEBABE" + "01020304" + "0000");
        assertThat(generator.nextId()).isEqualTo("0A000001" + "1234" + "CAFEBABE" + "01020304" + "0001");
    }

    @Test
    void timestampOfAFreshIdIsNow() {
        // ids carry whole milliseconds, Instant.now() may carry micros
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String id = new MessageIdGenerator().nextId();
        Instant after = Instant.now();
        assertThat(MessageIdGenerator.timestampOf(id)).isBetween(before, after);
    }

    @Test
    void monthRolloverRestartsTheSpanAndOldIdsStillReadBack() throws Exception {
        Instant lateJanuary = LocalDateTime.of(2026, 1, 31, 23, 59, 59, 990_000_000).atZone(BERLIN).toInstant();
        MutableClock clock = new MutableClock(lateJanuary, BERLIN);
        MessageIdGenerator generator = new MessageIdGenerator(InetAddress.getByName("10.0.0.1"), 1, 2, clock);

        String january = generator.nextId();
        // 31 days minus 10 ms exceeds a signed int32: the id must still hold it (unsigned)
        assertThat(Long.parseLong(january.substring(20, 28), 16)).isEqualTo(Duration.ofDays(31).toMillis() - 10);

        Instant earlyFebruary = LocalDateTime.of(2026, 2, 1, 0, 0, 0, 5_000_000).atZone(BERLIN).toInstant();
        clock.set(earlyFebruary);
        String february = generator.nextId();
        assertThat(february.substring(20, 28)).isEqualTo("00000005");

        // read in February, the January id's span lands in the future, so readers fall back a month
        assertThat(MessageIdGenerator.timestampOf(january, clock)).isEqualTo(lateJanuary);
        assertThat(MessageIdGenerator.timestampOf(february, clock)).isEqualTo(earlyFebruary);
    }

    @Test
    void clockSteppingBackKeepsTheLastTimeSoIdsNeverRepeatNorGoBackwards() throws Exception {
        Instant earlyFebruary = LocalDateTime.of(2026, 2, 1, 0, 0, 0, 5_000_000).atZone(BERLIN).toInstant();
        MutableClock clock = new MutableClock(earlyFebruary, BERLIN);
        MessageIdGenerator generator = new MessageIdGenerator(InetAddress.getByName("10.0.0.1"), 1, 2, clock);
        String before = generator.nextId();
        clock.set(earlyFebruary.minusMillis(20)); // back over the month boundary
        String after = generator.nextId();
        assertThat(after.substring(20, 28)).isEqualTo("00000005");
        assertThat(after.substring(28)).isEqualTo("0001");
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void monthStartFollowsLocalTimeNotUtc() throws Exception {
        // 1 March 00:30 in Berlin is still 28 February in UTC
        Instant instant = LocalDateTime.of(2026, 3, 1, 0, 30).atZone(BERLIN).toInstant();
        MutableClock clock = new MutableClock(instant, BERLIN);
        String id = new MessageIdGenerator(InetAddress.getByName("10.0.0.1"), 1, 2, clock).nextId();
        assertThat(Long.parseLong(id.substring(20, 28), 16)).isEqualTo(Duration.ofMinutes(30).toMillis());
    }

    @Test
    void moreThan65536IdsInOneMillisecondBorrowTheNextOneAndNeverRepeat() throws Exception {
        MutableClock frozen = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"), BERLIN);
        MessageIdGenerator generator = new MessageIdGenerator(InetAddress.getByName("10.0.0.1"), 1, 2, frozen);
        Set<String> ids = new HashSet<>();
        String first = generator.nextId();
        ids.add(first);
        for (int i = 1; i < 65_536; i++) {
            ids.add(generator.nextId());
        }
        String borrowed = generator.nextId();
        assertThat(ids).hasSize(65_536).doesNotContain(borrowed);
        assertThat(Long.parseLong(borrowed.substring(20, 28), 16))
                .isEqualTo(Long.parseLong(first.substring(20, 28), 16) + 1);
        frozen.set(frozen.instant().plusMillis(1)); // the clock catches up with the borrowed millisecond
        assertThat(generator.nextId()).isNotIn(ids).isNotEqualTo(borrowed);
    }

    @Test
    void idsFromManyThreadsAreDistinct() throws Exception {
        // Time and counter are taken in one atomic step: a thread preempted between reading the clock and counting
        // (as happened on a busy CI machine with a separate clock read and counter) cannot repeat another's pair.
        MessageIdGenerator generator = new MessageIdGenerator(InetAddress.getByName("10.1.2.3"));
        int threads = 8;
        int perThread = 50_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    List<String> ids = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        ids.add(generator.nextId());
                    }
                    return ids;
                });
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> future : executor.invokeAll(tasks)) {
                all.addAll(future.get());
            }
            assertThat(all).hasSize(threads * perThread);
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void twoGeneratorsOnOneHostDoNotShareIds() throws Exception {
        InetAddress address = InetAddress.getByName("10.0.0.1");
        MessageIdGenerator one = new MessageIdGenerator(address);
        MessageIdGenerator two = new MessageIdGenerator(address);
        // same address, pid and counter value: only the per-instance int32 tells them apart
        assertThat(one.nextId().substring(0, 20)).isNotEqualTo(two.nextId().substring(0, 20));
    }

    @Test
    void readersRefuseWhatIsNotAnId() {
        assertThatIllegalArgumentException().isThrownBy(() -> MessageIdGenerator.timestampOf(null));
        assertThatIllegalArgumentException().isThrownBy(() -> MessageIdGenerator.timestampOf("ABC"));
        assertThatIllegalArgumentException().isThrownBy(() -> MessageIdGenerator.addressOf("Z".repeat(32)));
    }

    @Test
    void lowerCaseIdsAreReadToo() throws Exception {
        InetAddress address = InetAddress.getByName("172.16.0.9");
        String id = new MessageIdGenerator(address).nextId().toLowerCase();
        assertThat(MessageIdGenerator.addressOf(id)).isEqualTo(address);
    }
}

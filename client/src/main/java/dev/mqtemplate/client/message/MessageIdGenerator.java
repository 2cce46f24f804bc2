package dev.mqtemplate.client.message;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates client message ids ({@code UNIQ_KEY}) in the layout RocketMQ tools and consumers decode: upper-case hex
 * of host address (4 or 16 bytes), process id (int16), a per-generator int32, milliseconds since the start of the
 * current month in local time (int32) and a wrapping int16 counter.
 *
 * <p>Thread-safe and lock-free; share one instance per process or producer. The time and the counter of an id are
 * taken together in one atomic step, so a thread delayed between reading the clock and counting cannot reuse a pair
 * another thread already took. The time never goes backwards: when the clock steps back, ids keep the last time and
 * count on; when more than 65,536 ids fall in one millisecond, the next ones borrow the following millisecond. So one
 * generator never repeats an id. Two generators differ in their random int32, so they do not collide with each other.
 */
public final class MessageIdGenerator {

    /** Length of an id made on an IPv4 host. */
    public static final int IPV4_ID_LENGTH = 32;

    /** Length of an id made on an IPv6 host. */
    public static final int IPV6_ID_LENGTH = 56;

    // time (8 hex chars) and counter (4 hex chars) close every id
    private static final int SUFFIX_LENGTH = 12;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** Where each thread assembles an id before the one copy into its string. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[IPV6_ID_LENGTH]);

    private static final int COUNT_BITS = 16;

    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final byte[] prefix;

    private final Clock clock;

    private final ZoneId zone;

    /** The last id's time in epoch milliseconds (high 48 bits) and counter (low 16 bits). */
    private final AtomicLong lastTimeAndCount = new AtomicLong();

    /** Replaced as a whole when the month rolls over, so readers never see a half-updated pair. */
    private volatile MonthWindow window;

    /** A generator for this host: the address is picked as {@link LocalAddresses} describes. */
    public MessageIdGenerator() {
        this(localAddressOrFake());
    }

    /** A generator that writes {@code address} into its ids. */
    public MessageIdGenerator(InetAddress address) {
        this(address, currentPid(), ThreadLocalRandom.current().nextInt(), Clock.systemDefaultZone());
    }

    /** For tests: every part of the id fixed, and a clock whose zone defines "local time". */
    MessageIdGenerator(InetAddress address, int pid, int instanceTag, Clock clock) {
        byte[] ip = address.getAddress();
        ByteBuffer fixed = ByteBuffer.allocate(ip.length + 2 + 4);
        fixed.put(ip).putShort((short) pid).putInt(instanceTag);
        this.prefix = toHex(fixed.array());
        this.clock = clock;
        this.zone = clock.getZone();
        this.window = MonthWindow.containing(clock.millis(), zone);
    }

    /** A new id, different from every earlier one of this generator (see the class comment for the limit). */
    public String nextId() {
        long timeAndCount = nextTimeAndCount(clock.millis());
        long time = timeAndCount >>> COUNT_BITS;
        int count = (int) (timeAndCount & COUNT_MASK);
        MonthWindow current = window;
        if (!current.contains(time)) {
            current = MonthWindow.containing(time, zone);
            window = current;
        }
        // Spans past ~24.8 days do not fit a signed int32: the id keeps the low 32 bits and readers decode them unsigned.
        int span = (int) (time - current.start);
        // the string copies its bytes anyway, so assemble them in reusable scratch space, not a fresh array
        byte[] id = SCRATCH.get();
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        writeHex(id, prefix.length, span, 8);
        writeHex(id, prefix.length + 8, count, 4);
        return new String(id, 0, prefix.length + SUFFIX_LENGTH, StandardCharsets.ISO_8859_1);
    }

    /** The time and counter of the next id: a new millisecond starts the counter at 0; never a pair given before. */
    private long nextTimeAndCount(long now) {
        while (true) {
            long last = lastTimeAndCount.get();
            long lastTime = last >>> COUNT_BITS;
            long next;
            if (now > lastTime) {
                next = now << COUNT_BITS;
            } else if ((last & COUNT_MASK) < COUNT_MASK) {
                next = last + 1;
            } else {
                next = (lastTime + 1) << COUNT_BITS; // counter used up: borrow the next millisecond
            }
            if (lastTimeAndCount.compareAndSet(last, next)) {
                return next;
            }
        }
    }

    /**
     * When the id was made, read as RocketMQ readers do: the current month's start plus the id's span, or the previous
     * month's start if that lies in the future. Ids older than about a month therefore read wrong; that is the format.
     * (The official reader also falls back a month when the result equals "now", so for an id read within the
     * millisecond it was made it answers a month early; this method does not.)
     *
     * @throws IllegalArgumentException if {@code id} is not a 32 or 56 character hex string
     */
    public static Instant timestampOf(String id) {
        return timestampOf(id, Clock.systemDefaultZone());
    }

    static Instant timestampOf(String id, Clock clock) {
        checkId(id);
        long span = parseHex(id, id.length() - SUFFIX_LENGTH, 8);
        long now = clock.millis();
        MonthWindow month = MonthWindow.containing(now, clock.getZone());
        long time = month.start + span;
        if (time > now) {
            time = month.previous(clock.getZone()).start + span;
        }
        return Instant.ofEpochMilli(time);
    }

    /**
     * The host address written into the id: IPv4 for 32 characters, IPv6 for 56.
     *
     * @throws IllegalArgumentException if {@code id} is not a 32 or 56 character hex string
     */
    public static InetAddress addressOf(String id) {
        checkId(id);
        byte[] ip = new byte[id.length() == IPV4_ID_LENGTH ? 4 : 16];
        for (int i = 0; i < ip.length; i++) {
            ip[i] = (byte) parseHex(id, 2 * i, 2);
        }
        try {
            return InetAddress.getByAddress(ip);
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", ex);
        }
    }

    private static void checkId(String id) {
        if (id == null || (id.length() != IPV4_ID_LENGTH && id.length() != IPV6_ID_LENGTH)) {
            throw new IllegalArgumentException("a message id has " + IPV4_ID_LENGTH + " or " + IPV6_ID_LENGTH
                    + " hex characters: " + id);
        }
    }

    private static long parseHex(String text, int from, int digits) {
        long value = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("not a hex message id: " + text);
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static void writeHex(byte[] target, int offset, int value, int digits) {
        for (int i = offset + digits - 1; i >= offset; i--) {
            target[i] = HEX[value & 0xF];
            value >>>= 4;
        }
    }

    private static byte[] toHex(byte[] bytes) {
        byte[] hex = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            writeHex(hex, 2 * i, bytes[i], 2);
        }
        return hex;
    }

    private static InetAddress localAddressOrFake() {
        InetAddress address = LocalAddresses.pick();
        if (address != null) {
            return address;
        }
        // no network at all: 4 bytes of the clock still separate hosts that start at different moments
        try {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt((int) System.currentTimeMillis()).array());
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int currentPid() {
        try {
            return (int) ProcessHandle.current().pid();
        }
        catch (UnsupportedOperationException | SecurityException ex) {
            return ThreadLocalRandom.current().nextInt();
        }
    }

    /** One calendar month in local time, as epoch milliseconds [start, next). */
    private record MonthWindow(long start, long next) {

        static MonthWindow containing(long epochMillis, ZoneId zone) {
            LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone).withDayOfMonth(1);
            return of(first, zone);
        }

        private static MonthWindow of(LocalDate first, ZoneId zone) {
            return new MonthWindow(first.atStartOfDay(zone).toInstant().toEpochMilli(),
                    first.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli());
        }

        boolean contains(long epochMillis) {
            return epochMillis >= start && epochMillis < next;
        }

        MonthWindow previous(ZoneId zone) {
            return containing(start - 1, zone);
        }
    }
}

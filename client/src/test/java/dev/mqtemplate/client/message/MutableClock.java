package dev.mqtemplate.client.message;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests move by hand. */
final class MutableClock extends Clock {

    private final AtomicLong millis;

    private final ZoneId zone;

    MutableClock(Instant start, ZoneId zone) {
        this.millis = new AtomicLong(start.toEpochMilli());
        this.zone = zone;
    }

    void set(Instant instant) {
        millis.set(instant.toEpochMilli());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(instant(), zone);
    }
}

package org.qkdmacsec.lab.iosxr;

/** A MACsec key lifetime: a start and exactly one of infinite, a duration, or an end time. */
record Lifetime(XrTime start, End end) {
    Lifetime {
        if (start == null || end == null) {
            throw new IllegalArgumentException("lifetime needs a start-time and an end (infinite, duration or end-time)");
        }
    }

    sealed interface End permits Infinite, ForSeconds, Until {
    }

    record Infinite() implements End {
    }

    record ForSeconds(long seconds) implements End {
        static final long MAX = 2147483646L;

        ForSeconds {
            if (seconds < 1 || seconds > MAX) {
                throw new IllegalArgumentException("duration " + seconds + " is out of range 1.." + MAX);
            }
        }
    }

    record Until(XrTime end) implements End {
    }

    /** As {@code show running-config} prints it, after {@code lifetime }. */
    String cli() {
        String tail;
        if (end instanceof Infinite) {
            tail = "infinite";
        } else if (end instanceof ForSeconds d) {
            tail = "duration " + d.seconds();
        } else {
            tail = ((Until) end).end().cli();
        }
        return start.cli() + " " + tail;
    }
}

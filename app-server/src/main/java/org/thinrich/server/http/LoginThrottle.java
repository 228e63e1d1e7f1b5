package org.thinrich.server.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A brake on password guessing. Failed logins are counted per client address and per account over
 * the last {@link #WINDOW}; past {@link #FAILURES} in either, that address (or, for the account,
 * any address that has failed before) waits until the oldest failure leaves the window: about one
 * guess every 6 s, instead of the 24 per second eight parallel guessers made before.
 *
 * <p>A guesser cannot lock the user out: the account's limit holds back only addresses that have
 * failed themselves, so the user logging in from their own address with the right password gets in,
 * and a successful login clears that address's count. Memory is bounded: the oldest entries go when
 * more than {@link #MAX_KEYS} addresses or accounts are tracked.
 */
public final class LoginThrottle {
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final int FAILURES = 10;
    static final int MAX_KEYS = 100_000;

    private final LongSupplier nanos;
    private final Map<String, Deque<Long>> byAddress = lru();
    private final Map<String, Deque<Long>> byAccount = lru();

    public LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** How long {@code address} must wait before trying {@code account} again; empty: it may try now. */
    public synchronized Optional<Duration> wait(String account, String address) {
        long now = nanos.getAsLong();
        Deque<Long> fromAddress = recent(byAddress, address, now);
        long waitNanos = over(fromAddress, now);
        if (fromAddress != null && !fromAddress.isEmpty()) waitNanos = Math.max(waitNanos, over(recent(byAccount, account, now), now));
        return waitNanos <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(waitNanos));
    }

    public synchronized void failed(String account, String address) {
        long now = nanos.getAsLong();
        byAddress.computeIfAbsent(address, k -> new ArrayDeque<>()).addLast(now);
        byAccount.computeIfAbsent(account, k -> new ArrayDeque<>()).addLast(now);
        trim(byAddress.get(address));
        trim(byAccount.get(account));
    }

    public synchronized void succeeded(String account, String address) {
        byAddress.remove(address);
    }

    /** The time until one of more than FAILURES failures leaves the window; 0 when there are at most FAILURES. */
    private static long over(Deque<Long> failures, long now) {
        if (failures == null || failures.size() < FAILURES) return 0;
        long oldestCounted = failures.stream().skip(failures.size() - FAILURES).findFirst().orElse(now);
        return oldestCounted + WINDOW.toNanos() - now;
    }

    private static Deque<Long> recent(Map<String, Deque<Long>> map, String key, long now) {
        Deque<Long> failures = map.get(key);
        if (failures == null) return null;
        while (!failures.isEmpty() && now - failures.peekFirst() >= WINDOW.toNanos()) failures.removeFirst();
        if (failures.isEmpty()) map.remove(key);
        return failures;
    }

    /** Only the newest FAILURES matter. */
    private static void trim(Deque<Long> failures) {
        while (failures.size() > FAILURES) failures.removeFirst();
    }

    private static Map<String, Deque<Long>> lru() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }
}

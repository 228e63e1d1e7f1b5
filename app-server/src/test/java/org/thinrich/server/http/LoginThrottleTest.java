package org.thinrich.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The brake on guessing: ten failures a minute per address and per account, and no lockout of the user. */
class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anAddressGetsTenFailuresAMinute() {
        for (int i = 0; i < LoginThrottle.FAILURES; i++) {
            assertThat(throttle.wait("alice", "10.0.0.66")).as("attempt %d", i + 1).isEmpty();
            throttle.failed("alice", "10.0.0.66");
            advance(Duration.ofSeconds(1));
        }
        assertThat(throttle.wait("alice", "10.0.0.66")).get().satisfies(w -> assertThat(w).isBetween(Duration.ofSeconds(49), Duration.ofSeconds(51)));
        assertThat(throttle.wait("bob", "10.0.0.66")).as("the address, whatever account it tries").isPresent();
        advance(Duration.ofSeconds(51));
        assertThat(throttle.wait("bob", "10.0.0.66")).as("the oldest failure left the minute").isEmpty();
    }

    @Test
    void guessesFromManyAddressesSlowTheAccountButDoNotLockOutItsUser() {
        for (int i = 0; i < 3 * LoginThrottle.FAILURES; i++) {
            String address = "10.0." + (i / 250) + "." + (i % 250);
            if (throttle.wait("alice", address).isEmpty()) throttle.failed("alice", address);
        }
        assertThat(throttle.wait("alice", "10.0.0.5")).as("an address that guessed before waits for the account").isPresent();
        assertThat(throttle.wait("alice", "192.168.1.20")).as("alice at home, no failure from there").isEmpty();
        throttle.failed("alice", "192.168.1.20"); // alice mistypes once
        assertThat(throttle.wait("alice", "192.168.1.20")).as("now her address has failed: she waits with the guessers").isPresent();
        advance(LoginThrottle.WINDOW);
        assertThat(throttle.wait("alice", "192.168.1.20")).as("at most a minute").isEmpty();
    }

    @Test
    void aSuccessClearsTheAddress() {
        for (int i = 0; i < LoginThrottle.FAILURES; i++) throttle.failed("alice", "10.0.0.7");
        assertThat(throttle.wait("alice", "10.0.0.7")).isPresent();
        throttle.succeeded("alice", "10.0.0.7");
        assertThat(throttle.wait("bob", "10.0.0.7")).isEmpty();
    }
}

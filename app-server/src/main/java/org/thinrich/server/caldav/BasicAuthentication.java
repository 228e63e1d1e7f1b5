package org.thinrich.server.caldav;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.thinrich.server.http.LoginThrottle;
import org.thinrich.server.store.UserAccounts;

/**
 * HTTP Basic authentication for CalDAV clients, which send the user's password with every request.
 * Checking it costs a full password hash (a tenth of a second, by design); a password checked
 * right in the last {@link #REMEMBERED} is remembered, as a keyed digest only, so that a sync of a
 * thousand requests costs one hash. Failures count against the same throttle as logins.
 */
final class BasicAuthentication {
    static final Duration REMEMBERED = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    /** What a request's credentials came to. */
    sealed interface Outcome {
        record User(String name) implements Outcome {
        }

        /** No usable credentials, or wrong ones. */
        record Refused(String reason) implements Outcome {
        }

        record Throttled(Duration retryAfter) implements Outcome {
        }
    }

    private final UserAccounts accounts;
    private final LoginThrottle throttle;
    private final LongSupplier nanoTime;
    private final byte[] key = new byte[32];
    private final Map<String, Long> rememberedUntil = new ConcurrentHashMap<>();

    BasicAuthentication(UserAccounts accounts, LoginThrottle throttle, LongSupplier nanoTime) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.nanoTime = nanoTime;
        new SecureRandom().nextBytes(key);
    }

    Outcome check(String authorization, String clientAddress) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Outcome.Refused("Give your user name and password (HTTP Basic authentication).");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("The Authorization header is not Base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return new Outcome.Refused("The Authorization header holds no user name.");
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String remembered = user + '\0' + digest(user, password);
        Long until = rememberedUntil.get(remembered);
        long now = nanoTime.getAsLong();
        if (until != null && until - now > 0) return new Outcome.User(user);
        Optional<Duration> wait = throttle.wait(user, clientAddress);
        if (wait.isPresent()) return new Outcome.Throttled(wait.get());
        if (!accounts.verify(user, password.toCharArray())) {
            throttle.failed(user, clientAddress);
            return new Outcome.Refused("Wrong user name or password.");
        }
        throttle.succeeded(user, clientAddress);
        if (rememberedUntil.size() >= MAX_REMEMBERED) rememberedUntil.clear();
        rememberedUntil.put(remembered, now + REMEMBERED.toNanos());
        return new Outcome.User(user);
    }

    /** A keyed digest: what is kept in memory cannot be turned back into the password, nor tried offline without the key. */
    private String digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(key);
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

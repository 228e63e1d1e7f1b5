package org.thinrich.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thinrich.calendar.core.ValidationException;

/**
 * Users, their salted password hashes, and the bearer tokens a login issues. Tokens are random
 * 256-bit values; only their SHA-256 is stored, so a copy of the database file logs nobody in.
 */
public final class UserAccounts {
    public static final int DEFAULT_ITERATIONS = 310_000;
    public static final Duration TOKEN_LIFETIME = Duration.ofDays(30);
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 256;
    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Database database;
    private final Clock clock;
    private final int iterations;
    private final PasswordHasher hasher = new PasswordHasher();
    private final SecureRandom random = new SecureRandom();
    /** Hashed for unknown users too, so a login takes as long whether or not the name exists. */
    private final byte[] decoySalt = hasher.newSalt();

    public UserAccounts(Database database, Clock clock, int iterations) {
        this.database = database;
        this.clock = clock;
        this.iterations = iterations;
    }

    public boolean exists(String name) {
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    public void create(String name, char[] password) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new ValidationException("A user name has 1 to 64 characters: lower-case letters, digits, '.', '_' or '-'.");
        }
        if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            throw new ValidationException("A password needs " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
        }
        if (exists(name)) throw new ValidationException("The user " + name + " exists already.");
        byte[] salt = hasher.newSalt();
        byte[] hash = hasher.hash(password, salt, iterations);
        Transactions.inTransaction(database, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO users (name, password_salt, password_hash, iterations, created_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, name);
                s.setBytes(2, salt);
                s.setBytes(3, hash);
                s.setInt(4, iterations);
                s.setObject(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                s.executeUpdate();
            }
            return null;
        });
    }

    /** A new bearer token when the password is right; empty for a wrong name or password alike. */
    public Optional<String> login(String name, char[] password) {
        return verify(name, password) ? Optional.of(issueToken(name)) : Optional.empty();
    }

    /**
     * Whether the password is this user's, in about the same time for a wrong name as for a wrong
     * password (an unknown name is hashed too), so the answer's timing does not tell which names exist.
     */
    public boolean verify(String name, char[] password) {
        record Stored(byte[] salt, byte[] hash, int iterations) {
        }
        Optional<Stored> stored = Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT password_salt, password_hash, iterations FROM users WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new Stored(r.getBytes(1), r.getBytes(2), r.getInt(3))) : Optional.empty();
                }
            }
        });
        if (password.length > MAX_PASSWORD) return false;
        if (stored.isEmpty()) {
            hasher.hash(password, decoySalt, iterations);
            return false;
        }
        byte[] given = hasher.hash(password, stored.get().salt(), stored.get().iterations());
        return PasswordHasher.same(given, stored.get().hash());
    }

    /** The user a token belongs to, while it has not expired. */
    public Optional<String> userForToken(String token) {
        if (token == null || token.length() > 100) return Optional.empty();
        byte[] tokenHash = sha256(token);
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT user_name FROM auth_tokens WHERE token_hash = ? AND expires_at > ?")) {
                s.setBytes(1, tokenHash);
                s.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private String issueToken(String name) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Transactions.inTransaction(database, c -> {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM auth_tokens WHERE expires_at <= ?")) {
                purge.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                purge.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO auth_tokens (token_hash, user_name, expires_at) VALUES (?, ?, ?)")) {
                s.setBytes(1, sha256(token));
                s.setString(2, name);
                s.setObject(3, OffsetDateTime.ofInstant(now.plus(TOKEN_LIFETIME), ZoneOffset.UTC));
                s.executeUpdate();
            }
            return null;
        });
        return token;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

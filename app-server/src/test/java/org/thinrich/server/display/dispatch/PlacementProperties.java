package org.thinrich.server.display.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.thinrich.testing.Theories.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.thinrich.server.display.dispatch.SessionHosts.Slot;

/**
 * Where a pool puts a new session: never on a full host; on a host already running a session of
 * the same user whenever one has room (a user who retries a session that is slow to build loads
 * only their own host); else on a ready host before one still starting, the least busy first.
 */
class PlacementProperties {
    private static final int PER_HOST = 4;

    private static Gen<List<Slot<Integer>>> pools() {
        Gen<boolean[]> flags = booleans().all().zip(booleans().all(), (ready, serves) -> new boolean[] {ready, serves});
        Gen<Object[]> host = integers().between(0, PER_HOST).zip(flags, (load, f) -> new Object[] {load, f});
        return lists().of(host).ofSizeBetween(0, 6).map(hosts -> {
            List<Slot<Integer>> slots = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                boolean[] f = (boolean[]) hosts.get(i)[1];
                slots.add(new Slot<>(i, f[0], (Integer) hosts.get(i)[0], f[1]));
            }
            return slots;
        });
    }

    @Test
    void aNewSessionGoesToTheUsersOwnHostElseTheReadiestLeastBusyWithRoom() {
        qt(2_000).forAll(pools()).checkAssert(slots -> {
            Optional<Integer> chosen = SessionHosts.place(slots, PER_HOST);
            List<Slot<Integer>> withRoom = slots.stream().filter(s -> s.load() < PER_HOST).toList();
            assertThat(chosen.isPresent()).as("a host is chosen exactly when one has room").isEqualTo(!withRoom.isEmpty());
            if (chosen.isEmpty()) return;
            Slot<Integer> slot = slots.get(chosen.get());
            assertThat(slot.load()).as("never a full host").isLessThan(PER_HOST);
            boolean ownWithRoom = withRoom.stream().anyMatch(Slot::servesUser);
            assertThat(slot.servesUser()).as("the user's own host when it has room").isEqualTo(ownWithRoom);
            List<Slot<Integer>> rivals = withRoom.stream().filter(s -> s.servesUser() == slot.servesUser()).toList();
            if (!slot.ready()) assertThat(rivals).as("a starting host only when no such host is ready").noneMatch(Slot::ready);
            assertThat(rivals.stream().filter(s -> s.ready() == slot.ready()).mapToInt(Slot::load).min().orElseThrow())
                    .as("the least busy of its kind").isEqualTo(slot.load());
        });
    }

    @Test
    void aRetriedSessionJoinsTheUsersHostRatherThanAnIdleOne() {
        List<Slot<String>> pool = List.of(new Slot<>("alice's host", true, 1, false), new Slot<>("bob's host, busy building", true, 1, true),
                new Slot<>("idle host", true, 0, false));
        assertThat(SessionHosts.place(pool, PER_HOST)).contains("bob's host, busy building");
        assertThat(SessionHosts.place(List.of(pool.get(0), pool.get(2)), PER_HOST)).as("otherwise the least busy").contains("idle host");
    }
}

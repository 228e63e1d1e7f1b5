package org.thinrich.rfb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.ClientMessages.EnableContinuousUpdates;
import org.thinrich.rfb.ClientMessages.Fence;
import org.thinrich.rfb.ClientMessages.PointerEvent;
import org.thinrich.rfb.ClientMessages.SetDesktopSize;
import org.thinrich.rfb.ClientMessages.SetEncodings;
import org.thinrich.rfb.ClientMessages.UpdateRequest;

/**
 * TigerVNC's extensions at the server's end: fences announced and answered (a BlockBefore fence only
 * after the update that shows the inputs before it), updates pushed without requests, pushing
 * paused while too much is unconfirmed, and the size a viewer asks for with SetDesktopSize. The
 * server's messages are read back from what it said.
 */
class TigerVncExtensionsTest {
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final List<String> closed = new ArrayList<>();
    private final int[] inputs = {0};
    /** The sizes the screen was asked for; it takes widths up to 1000. */
    private final List<String> resizes = new ArrayList<>();
    private RfbServerConnection server;
    private int read;

    @BeforeEach
    void logIn() {
        server = new RfbServerConnection(new RfbServerConnection.Carrier() {
            @Override
            public synchronized void send(byte[] bytes) {
                said.writeBytes(bytes);
            }

            @Override
            public void close(String reason) {
                closed.add(reason);
            }
        }, true, (u, p) -> null, (user, viewer) -> {
            viewer.ready(160, 120, "test");
            return new RfbServerConnection.Screen() {
                @Override
                public void pointer(int buttons, int x, int y) {
                    inputs[0]++;
                }

                @Override
                public void key(boolean down, int keysym) {
                    inputs[0]++;
                }

                @Override
                public int lastInput() {
                    return inputs[0];
                }

                @Override
                public boolean resize(int width, int height) {
                    resizes.add(width + "x" + height);
                    return width <= 1000;
                }

                @Override
                public void close() {
                }
            };
        }, new AtOnce());
        server.start();
        Bytes login = new Bytes().bytes(Rfb.VERSION_3_8.getBytes(StandardCharsets.US_ASCII)).u8(Rfb.SECURITY_VENCRYPT).u8(0).u8(2)
                .u32(Rfb.VENCRYPT_PLAIN).u32(1).u32(1).bytes("a".getBytes(StandardCharsets.UTF_8)).bytes("p".getBytes(StandardCharsets.UTF_8)).u8(1);
        server.receive(ByteBuffer.wrap(login.toByteArray()));
        byte[] handshake = said.toByteArray();
        // ServerInit ends the handshake: its name, "test", is the last thing said.
        read = handshake.length;
        assertThat(new String(handshake, read - 4, 4, StandardCharsets.UTF_8)).isEqualTo("test");
    }

    private void viewerSends(ClientMessages.ClientMessage... messages) {
        Bytes b = new Bytes();
        for (ClientMessages.ClientMessage m : messages) b.bytes(ClientMessages.write(m));
        server.receive(ByteBuffer.wrap(b.toByteArray()));
    }

    /** The server's messages since the last call: "update", "fence <flags hex> <payload hex>", "end-of-cu". */
    private List<String> serverSaid() {
        byte[] all = said.toByteArray();
        ByteBuffer in = ByteBuffer.wrap(all, read, all.length - read);
        List<String> messages = new ArrayList<>();
        while (in.hasRemaining()) {
            int type = in.get() & 0xFF;
            if (type == Rfb.END_OF_CONTINUOUS_UPDATES) {
                messages.add("end-of-cu");
            } else if (type == Rfb.FENCE) {
                in.position(in.position() + 3);
                int flags = in.getInt();
                byte[] payload = new byte[in.get() & 0xFF];
                in.get(payload);
                messages.add("fence " + Integer.toHexString(flags) + " " + java.util.HexFormat.of().formatHex(payload));
            } else if (type == Rfb.FRAMEBUFFER_UPDATE) {
                in.get();
                int count = in.getShort() & 0xFFFF;
                StringBuilder update = new StringBuilder("update");
                for (int i = 0; i < count; i++) {
                    int x = in.getShort() & 0xFFFF;
                    int y = in.getShort() & 0xFFFF;
                    int w = in.getShort() & 0xFFFF;
                    int h = in.getShort() & 0xFFFF;
                    int encoding = in.getInt();
                    if (encoding == Rfb.EXTENDED_DESKTOP_SIZE) {
                        int screens = in.get() & 0xFF;
                        in.position(in.position() + 3 + 16 * screens);
                        update.append(" size ").append(x).append(' ').append(y).append(' ').append(w).append('x').append(h);
                        continue;
                    }
                    assertThat(encoding).as("raw rectangles in this test").isEqualTo(Rfb.RAW);
                    in.position(in.position() + w * h * 4);
                    if (w * h > 64 * 64) update.append(" whole ").append(w).append('x').append(h);
                }
                messages.add(update.toString());
            } else {
                throw new AssertionError("unexpected server message " + type);
            }
        }
        read = all.length;
        return messages;
    }

    private void paintCell(int x, int y, int inputShown) {
        server.paint(frame -> frame.set(x, y, 0xFF000000 | x * 1000 + y), List.of(new Rect(x - x % 8, y - y % 8, 8, 8)), inputShown);
    }

    @Test
    void fencesAndContinuousUpdatesAreOfferedOnlyToViewersThatListThem() {
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.CONTINUOUS_UPDATES_PSEUDO)));
        assertThat(serverSaid()).as("continuous updates need fences, which this viewer did not list").isEmpty();
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.FENCE_PSEUDO, Rfb.CONTINUOUS_UPDATES_PSEUDO)));
        assertThat(serverSaid()).containsExactly("fence 80000000 00", "end-of-cu");
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.FENCE_PSEUDO, Rfb.CONTINUOUS_UPDATES_PSEUDO)));
        assertThat(serverSaid()).as("announced once").isEmpty();
    }

    @Test
    void enablingBeforeTheOfferClosesTheConnectionWithAReason() {
        viewerSends(new EnableContinuousUpdates(true, 0, 0, 64, 48));
        assertThat(closed).singleElement().asString().contains("before the server offered");
    }

    @Test
    void pushedUpdatesNeedNoRequestsAndPauseWhileTooMuchIsUnconfirmed() {
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.FENCE_PSEUDO, Rfb.CONTINUOUS_UPDATES_PSEUDO)));
        serverSaid();
        viewerSends(new EnableContinuousUpdates(true, 0, 0, 64, 48));
        paintCell(9, 9, 0);
        assertThat(serverSaid()).containsExactly("update", "fence 80000000 0000000000000001");
        // Unanswered, pushing goes on until 64 kB are on the way: 256 B per update here.
        int pushed = 0;
        for (int i = 0; i < 400; i++) {
            paintCell(8 * (i % 8), 8 * (i % 6), 0);
            pushed += (int) serverSaid().stream().filter("update"::equals).count();
        }
        assertThat(pushed).as("updates pushed before the window filled").isBetween(200, 260);
        paintCell(17, 17, 0);
        assertThat(serverSaid()).as("nothing while the window is full").isEmpty();
        // The viewer answers the newest fence: the change waiting goes out at once.
        viewerSends(new Fence(0, ByteBuffer.allocate(8).putLong(pushed + 1).array()));
        assertThat(serverSaid()).startsWith("update");
    }

    @Test
    void aLargeUpdateAskedForBeforeEnablingDoesNotHoldPushingBack() {
        // 160 x 120 raw pixels are 76.8 kB, more than the push window.
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.FENCE_PSEUDO, Rfb.CONTINUOUS_UPDATES_PSEUDO)), new UpdateRequest(false, 0, 0, 160, 120));
        assertThat(serverSaid()).containsExactly("fence 80000000 00", "end-of-cu", "update whole 160x120");
        viewerSends(new EnableContinuousUpdates(true, 0, 0, 160, 120));
        paintCell(40, 40, 0);
        assertThat(serverSaid()).containsExactly("update", "fence 80000000 0000000000000001");
    }

    @Test
    void aBlockBeforeFenceIsAnsweredRightAfterTheUpdateThatShowsTheInputsBeforeIt() {
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.FENCE_PSEUDO, Rfb.CONTINUOUS_UPDATES_PSEUDO)));
        serverSaid();
        viewerSends(new EnableContinuousUpdates(true, 0, 0, 64, 48));
        byte[] payload = {0, 0, 0, 0, 0, 0, 0, 7};
        viewerSends(new PointerEvent(1, 5, 5), new PointerEvent(0, 5, 5), new Fence(Rfb.FENCE_REQUEST | Rfb.FENCE_BLOCK_BEFORE | Rfb.FENCE_SYNC_NEXT, payload));
        assertThat(serverSaid()).as("the inputs are not shown yet").isEmpty();
        paintCell(1, 1, 1);
        assertThat(serverSaid()).as("a picture showing only the first input").containsExactly("update", "fence 80000000 0000000000000001");
        paintCell(2, 2, 2);
        assertThat(serverSaid()).as("the answer follows the update; SyncNext is cleared")
                .containsExactly("update", "fence 80000000 0000000000000002", "fence 1 0000000000000007");
    }

    @Test
    void aFenceWithoutBlockBeforeIsAnsweredAtOnceAndInPullModeAfterTheRequestedUpdate() {
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.FENCE_PSEUDO)));
        assertThat(serverSaid()).containsExactly("fence 80000000 00");
        viewerSends(new Fence(Rfb.FENCE_REQUEST | Rfb.FENCE_BLOCK_AFTER, new byte[] {5}));
        assertThat(serverSaid()).containsExactly("fence 2 05");
        // Pull mode: the input is shown in the session's picture, but the viewer has not asked for it yet.
        viewerSends(new PointerEvent(1, 5, 5), new Fence(Rfb.FENCE_REQUEST | Rfb.FENCE_BLOCK_BEFORE, new byte[] {6}));
        paintCell(3, 3, 1);
        assertThat(serverSaid()).isEmpty();
        viewerSends(new UpdateRequest(true, 0, 0, 64, 48));
        assertThat(serverSaid()).containsExactly("update", "fence 1 06");
    }

    @Test
    void aFloodOfFencesOrSizeRequestsThatCannotBeAnsweredYetClosesTheConnectionWithAReason() {
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.FENCE_PSEUDO, Rfb.EXTENDED_DESKTOP_SIZE)));
        for (int i = 0; i < 100; i++) viewerSends(new PointerEvent(0, 1, 1), new Fence(Rfb.FENCE_REQUEST | Rfb.FENCE_BLOCK_BEFORE, new byte[] {1}));
        assertThat(closed).singleElement().asString().contains("fences waiting");
        logIn();
        closed.clear();
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.EXTENDED_DESKTOP_SIZE)));
        // No update request: the answers cannot go out, and they are not kept without end.
        for (int i = 0; i < 100; i++) viewerSends(new SetDesktopSize(1, 1, oneScreen(1, 1)));
        assertThat(closed).singleElement().asString().contains("size answers waiting");
    }

    @Test
    void anOversizedFenceClosesTheConnectionWithAReason() {
        byte[] fence = new Bytes().u8(Rfb.FENCE).u8(0).u16(0).u32(Rfb.FENCE_REQUEST).u8(65).bytes(new byte[65]).toByteArray();
        server.receive(ByteBuffer.wrap(fence));
        assertThat(closed).singleElement().asString().contains("at most 64");
    }

    private static byte[] oneScreen(int width, int height) {
        return new Bytes().u32(7).u16(0).u16(0).u16(width).u16(height).u32(0).toByteArray();
    }

    @Test
    void aViewerThatTakesExtendedDesktopSizeIsToldTheLayoutAndGetsTheSizeItAsksFor() {
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.EXTENDED_DESKTOP_SIZE)), new UpdateRequest(true, 0, 0, 160, 120));
        assertThat(serverSaid()).containsExactly("update size 0 0 160x120");
        viewerSends(new SetDesktopSize(320, 240, oneScreen(320, 240)), new UpdateRequest(true, 0, 0, 160, 120));
        assertThat(resizes).containsExactly("320x240");
        assertThat(serverSaid()).as("nothing until the screen has changed").isEmpty();
        server.resized(320, 240);
        assertThat(serverSaid()).as("the answer, then the whole new picture").containsExactly("update size 1 0 320x240 whole 320x240");
        paintCell(300, 200, 0);
        viewerSends(new UpdateRequest(true, 0, 0, 320, 240));
        assertThat(serverSaid()).as("painting goes on at the new size").containsExactly("update");
    }

    @Test
    void aSizeTheScreenRefusesOrALayoutOfTwoScreensIsAnsweredWithStatusInvalid() {
        viewerSends(new SetEncodings(List.of(Rfb.RAW, Rfb.EXTENDED_DESKTOP_SIZE)), new UpdateRequest(true, 0, 0, 160, 120));
        serverSaid();
        viewerSends(new SetDesktopSize(2000, 240, oneScreen(2000, 240)), new UpdateRequest(true, 0, 0, 160, 120));
        assertThat(serverSaid()).containsExactly("update size 1 3 160x120");
        byte[] two = new Bytes().bytes(oneScreen(160, 120)).bytes(oneScreen(160, 120)).toByteArray();
        viewerSends(new SetDesktopSize(320, 120, two), new UpdateRequest(true, 0, 0, 160, 120));
        assertThat(serverSaid()).containsExactly("update size 1 3 160x120");
        viewerSends(new SetDesktopSize(160, 120, oneScreen(160, 120)), new UpdateRequest(true, 0, 0, 160, 120));
        assertThat(serverSaid()).as("the size it has: yes at once").containsExactly("update size 1 0 160x120");
        assertThat(resizes).as("only the width the screen might take was asked of it").containsExactly("2000x240");
        assertThat(closed).isEmpty();
    }

    @Test
    void setDesktopSizeFromAViewerThatDidNotTakeItClosesTheConnectionWithAReason() {
        viewerSends(new SetDesktopSize(320, 240, oneScreen(320, 240)));
        assertThat(closed).singleElement().asString().contains("did not take ExtendedDesktopSize");
        assertThat(resizes).isEmpty();
    }
}

package org.thinrich.display.protocol;

/** The first byte of every message. Client-sent types are below 0x80, server-sent ones above. */
final class MessageType {
    static final int CLIENT_HELLO = 0x01;
    static final int UPDATE_ACK = 0x02;
    static final int POINTER = 0x03;
    static final int WHEEL = 0x04;
    static final int KEY = 0x05;
    static final int TEXT = 0x06;
    static final int CLIENT_PING = 0x07;
    static final int CLIENT_CLOSE = 0x08;
    static final int RESIZE_REQUEST = 0x09;
    static final int CLIENT_PONG = 0x0A;

    static final int SERVER_INIT = 0x81;
    static final int FRAMEBUFFER_UPDATE = 0x82;
    static final int CURSOR_SHAPE = 0x83;
    static final int DESKTOP_SIZE = 0x84;
    static final int SERVER_PING = 0x86;
    static final int SERVER_PONG = 0x87;
    static final int SERVER_CLOSE = 0x88;

    private MessageType() {
    }
}

/**
 * The rich path's calendar sync protocol (TRSP): intent-named messages written by Kryo with
 * registration required and hand-written field serializers, so the bytes are exactly those of
 * PROTOCOL.md. {@link org.thinrich.sync.protocol.ClientSyncCodec} and
 * {@link org.thinrich.sync.protocol.ServerSyncCodec} are each side's surface.
 */
package org.thinrich.sync.protocol;

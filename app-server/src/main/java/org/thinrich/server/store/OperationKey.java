package org.thinrich.server.store;

import java.util.UUID;

/** Names one operation of one rich client: pushed twice, it is applied once. */
public record OperationKey(UUID clientId, long opSeq) {
}

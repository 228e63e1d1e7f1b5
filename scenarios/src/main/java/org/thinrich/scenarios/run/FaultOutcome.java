package org.thinrich.scenarios.run;

/**
 * What one fault step of a cluster scenario did to one client: which node or tier broke, how long
 * until the user could work again (from the fault, -1: not within the wait), what the user lost,
 * whether every edit the server had acknowledged was still there afterwards and none was applied
 * twice, and the bytes the recovery cost on the client's link.
 */
public record FaultOutcome(String profile, String path, String fault, String broken, double backToWorkMillis, String lost,
        int acknowledgedFound, int acknowledgedTotal, int appliedTwice, long recoveryBytesUp, long recoveryBytesDown) {

    /** True when the rules every fault must keep held: back to work, nothing acknowledged lost, nothing applied twice. */
    public boolean kept() {
        return backToWorkMillis >= 0 && acknowledgedFound == acknowledgedTotal && appliedTwice == 0;
    }
}

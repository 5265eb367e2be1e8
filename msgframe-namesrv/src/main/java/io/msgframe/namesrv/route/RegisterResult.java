package io.msgframe.namesrv.route;

/**
 * What a registering broker is told (reference §2.4.1): for a slave, its master's HA and service addresses;
 * both null for a master or while no master is live.
 */
public record RegisterResult(String haServerAddr, String masterAddr) {
    public static final RegisterResult NONE = new RegisterResult(null, null);
}

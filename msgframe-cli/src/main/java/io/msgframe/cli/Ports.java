package io.msgframe.cli;

/** Checks of the port and bind-address options of the server commands. */
final class Ports {
    private Ports() {
    }

    /** @throws CliException (exit code 2) naming the option when {@code port} is not 0..65535 */
    static int check(String option, int port) {
        if (port < 0 || port > 65535) {
            throw CliException.usage(option + " must be a port number 0..65535 (0 = any free port), got " + port);
        }
        return port;
    }

    /** Whether {@code bindAddress} means every interface. */
    static boolean isWildcard(String bindAddress) {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.equals("[::]");
    }

    /** The host a client on this machine uses to reach a server bound to {@code bindAddress}. */
    static String localHostFor(String bindAddress) {
        return isWildcard(bindAddress) ? "127.0.0.1" : bindAddress;
    }
}

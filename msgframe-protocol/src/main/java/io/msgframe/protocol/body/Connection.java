package io.msgframe.protocol.body;

import io.msgframe.protocol.remoting.LanguageCode;

/**
 * One live client connection of a group, as admin tools see it (reference §2.2): client id, socket address
 * {@code "ip:port"}, the language and version ordinal from the client's request headers.
 */
public record Connection(String clientId, String clientAddr, LanguageCode language, int version) {
}

package io.msgframe.remoting.codec;

import io.msgframe.protocol.remoting.HeaderProbe;
import io.msgframe.protocol.remoting.SerializeType;

/**
 * A frame that was delimited correctly but whose header cannot be decoded. The connection stays usable: the
 * handler answers SYSTEM_ERROR to the opaque the probe recovered (unless the frame was a response or oneway).
 *
 * @param serializeType the frame's declared type, null when unknown
 * @param probe         opaque and flag salvaged from the header
 * @param reason        what is wrong, for the error response's remark
 */
public record MalformedFrame(SerializeType serializeType, HeaderProbe probe, String reason) {
}

package io.msgframe.client.producer;

/**
 * A message ready for the wire: its properties string (UNIQ_KEY included, fixed once so every retry sends the same
 * message), the body as sent (compressed or not) and the SYSFLAG that says which.
 */
record PreparedMessage(String topic, String uniqKey, String properties, byte[] body, int sysFlag, int flag,
                       boolean delayed) {

    /** Size of this message as a batch entry (reference §4.6): 22 + body + properties bytes. */
    int batchEntryBytes() {
        return 22 + body.length + utf8Length(properties);
    }

    static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}

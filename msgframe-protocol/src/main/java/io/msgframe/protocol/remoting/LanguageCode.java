package io.msgframe.protocol.remoting;

/** The sender's language, a byte in binary headers and the enum name in JSON (reference §1.6). */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9), PHP(10),
    OMS(11), RUST(12), NODE_JS(13);

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** Unknown codes read as OTHER: a peer's language is informational. */
    public static LanguageCode of(int code) {
        for (LanguageCode language : values()) {
            if (language.code == code) {
                return language;
            }
        }
        return OTHER;
    }

    /** By enum name or ordinal text; unknown or missing reads as JAVA, as RocketMQ's readers do. */
    public static LanguageCode parse(String text) {
        if (text == null || text.isEmpty()) {
            return JAVA;
        }
        for (LanguageCode language : values()) {
            if (language.name().equals(text)) {
                return language;
            }
        }
        try {
            return of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return OTHER;
        }
    }
}

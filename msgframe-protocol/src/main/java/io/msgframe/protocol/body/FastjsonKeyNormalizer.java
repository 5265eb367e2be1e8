package io.msgframe.protocol.body;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rewrites the two non-standard member-name forms fastjson writes (reference §1.10) into JSON strings, so a
 * standard parser can read the document:
 * <ul>
 *   <li>an object (or array) as member name, {@code {{"brokerName":"b","queueId":3,"topic":"T"}:5}} becomes
 *       {@code {"{\"brokerName\":\"b\",\"queueId\":3,\"topic\":\"T\"}":5}}, which
 *       {@link MessageQueueKeyDeserializer} parses back;</li>
 *   <li>a bare member name, {@code {0:"10.0.0.1:10911"}} becomes {@code {"0":"10.0.0.1:10911"}}.</li>
 * </ul>
 * Works on UTF-8 bytes: every structural character is ASCII and every byte of a multi-byte character is
 * {@code >= 0x80}, so none is mistaken for one. Standard input is returned as the same array, without copying.
 * Malformed input is left for the parser to report: the scan only rewrites names it can delimit.
 */
final class FastjsonKeyNormalizer {
    private final byte[] in;
    private ByteArrayOutputStream out;
    private int copiedUpTo;
    /** Container stack: true = object. */
    private boolean[] inObject = new boolean[16];
    private int depth;

    private FastjsonKeyNormalizer(byte[] in) {
        this.in = in;
    }

    static byte[] normalize(byte[] json) {
        return new FastjsonKeyNormalizer(json).run();
    }

    private byte[] run() {
        boolean expectName = false;
        int i = 0;
        while (i < in.length) {
            byte c = in[i];
            if (isWhitespace(c)) {
                i++;
                continue;
            }
            if (expectName && depth > 0 && inObject[depth - 1] && c != '"' && c != '}') {
                int end = c == '{' || c == '[' ? compositeEnd(i) : bareNameEnd(i);
                if (end <= i) {
                    break; // cannot delimit it: leave the rest to the parser
                }
                rewriteAsString(i, end);
                expectName = false;
                i = end;
                continue;
            }
            switch (c) {
                case '"' -> {
                    int end = stringEnd(i);
                    if (end < 0) {
                        i = in.length;
                        continue;
                    }
                    expectName = false;
                    i = end;
                    continue;
                }
                case '{' -> {
                    push(true);
                    expectName = true;
                }
                case '[' -> {
                    push(false);
                    expectName = false;
                }
                case '}', ']' -> {
                    if (depth > 0) {
                        depth--;
                    }
                    expectName = false;
                }
                case ',' -> expectName = depth > 0 && inObject[depth - 1];
                default -> expectName = false;
            }
            i++;
        }
        if (out == null) {
            return in;
        }
        out.write(in, copiedUpTo, in.length - copiedUpTo);
        return out.toByteArray();
    }

    private void push(boolean object) {
        if (depth == inObject.length) {
            inObject = Arrays.copyOf(inObject, depth * 2);
        }
        inObject[depth++] = object;
    }

    /** Index just past the string starting at {@code start} (a quote), or -1 if it is not terminated. */
    private int stringEnd(int start) {
        for (int i = start + 1; i < in.length; i++) {
            if (in[i] == '\\') {
                i++;
            } else if (in[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index just past the balanced object or array starting at {@code start}, or -1. */
    private int compositeEnd(int start) {
        int nesting = 0;
        int i = start;
        while (i < in.length) {
            byte c = in[i];
            if (c == '"') {
                i = stringEnd(i);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (c == '{' || c == '[') {
                nesting++;
            } else if (c == '}' || c == ']') {
                nesting--;
                if (nesting == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return -1;
    }

    /** A bare name runs to the next whitespace or colon (fastjson writes numbers and identifiers there). */
    private int bareNameEnd(int start) {
        int i = start;
        while (i < in.length && in[i] != ':' && !isWhitespace(in[i]) && in[i] != ',' && in[i] != '}'
                && in[i] != '{' && in[i] != '[' && in[i] != ']' && in[i] != '"') {
            i++;
        }
        return i;
    }

    private void rewriteAsString(int start, int end) {
        if (out == null) {
            out = new ByteArrayOutputStream(in.length + 64);
        }
        out.write(in, copiedUpTo, start - copiedUpTo);
        out.write('"');
        for (int i = start; i < end; i++) {
            byte c = in[i];
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c >= 0 && c < 0x20) {
                out.writeBytes(String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(c);
            }
        }
        out.write('"');
        copiedUpTo = end;
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}

package io.msgframe.store.index;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Index file names: the creation time as {@code yyyyMMddHHmmssSSS} in local time (RocketMQ's
 * {@code UtilAll.timeMillisToHumanString}). Names sort like creation times, which is how the files are
 * ordered when the store starts.
 */
public final class IndexFileName {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final Pattern NAME = Pattern.compile("\\d{17}");

    private IndexFileName() {
    }

    public static String format(long epochMillis, ZoneId zone) {
        return FORMAT.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone));
    }

    /** Whether {@code name} looks like an index file name (other files in the directory are left alone). */
    public static boolean matches(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * The creation time a name stands for.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid time
     */
    public static long parse(String name, ZoneId zone) {
        try {
            return LocalDateTime.parse(name, FORMAT).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an index file name: " + name, e);
        }
    }
}

package io.msgframe.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a {@code .properties} config file ({@code broker.properties}, {@code namesrv.properties}, RocketMQ's
 * {@code broker.conf}) into raw key/value pairs for a declaration table to validate. Values are trimmed, as
 * RocketMQ does: trailing blanks after a value are a common, invisible mistake.
 */
final class PropertiesFile {
    private PropertiesFile() {
    }

    /** @throws CliException (exit code 2) naming the file when it is missing or unreadable */
    static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw CliException.usage("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> raw = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            raw.put(key.trim(), properties.getProperty(key).trim());
        }
        return raw;
    }
}

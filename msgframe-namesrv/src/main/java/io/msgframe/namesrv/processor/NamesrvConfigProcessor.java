package io.msgframe.namesrv.processor;

import io.msgframe.namesrv.config.LiveConfig;
import io.msgframe.protocol.config.ConfigException;
import io.msgframe.protocol.remoting.RemotingCommand;
import io.msgframe.protocol.remoting.RequestCode;
import io.msgframe.protocol.remoting.ResponseCode;
import io.msgframe.remoting.RemotingChannel;
import io.msgframe.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * UPDATE_NAMESRV_CONFIG / GET_NAMESRV_CONFIG (reference §2.3.9): bodies are {@code key=value} lines. Updates are
 * validated against the declaration table and applied all or nothing; keys fixed at start (port, paths, pools)
 * are refused with NO_PERMISSION, as RocketMQ refuses its black-listed keys.
 */
public final class NamesrvConfigProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(NamesrvConfigProcessor.class);

    private final LiveConfig config;

    public NamesrvConfigProcessor(LiveConfig config) {
        this.config = config;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_NAMESRV_CONFIG -> update(channel, request);
            case RequestCode.GET_NAMESRV_CONFIG -> RemotingCommand.success(request)
                    .body(toText(config.get().asMap()).getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("request code " + request.code()
                    + " is not a name-server config request");
        };
    }

    private RemotingCommand update(RemotingChannel channel, RemotingCommand request) {
        if (request.body() == null || request.body().length == 0) {
            return RemotingCommand.success(request);
        }
        Map<String, String> changes;
        try {
            changes = parse(new String(request.body(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "the body is not key=value lines: " + e.getMessage());
        }
        List<String> fixed = LiveConfig.fixedKeysIn(changes.keySet());
        if (!fixed.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "Can not update config in black list: " + String.join(", ", fixed)
                            + " cannot be changed while the name server runs");
        }
        try {
            config.update(changes);
        } catch (ConfigException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        log.info("Name-server configuration updated by {}: {}", channel == null ? "?" : channel.remoteAddress(),
                changes);
        return RemotingCommand.success(request);
    }

    private static Map<String, String> parse(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> changes = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            changes.put(name, properties.getProperty(name));
        }
        return changes;
    }

    private static String toText(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}

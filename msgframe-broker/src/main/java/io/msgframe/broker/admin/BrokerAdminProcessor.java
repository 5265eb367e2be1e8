package io.msgframe.broker.admin;

import io.msgframe.broker.Broker;
import io.msgframe.protocol.body.RemotingJson;
import io.msgframe.protocol.config.ConfigException;
import io.msgframe.protocol.remoting.ProtocolException;
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
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The broker as a whole (reference §2.14.8–9): GET_BROKER_RUNTIME_INFO, GET_BROKER_CONFIG and
 * UPDATE_BROKER_CONFIG. Config bodies are {@code key=value} lines; an update may change only the keys
 * {@link io.msgframe.broker.BrokerConfig#RUNTIME_KEYS} lists, and a bad one changes nothing and is named in the
 * remark. A change of {@code brokerPermission} or {@code namesrvAddr} is registered with the name servers at once.
 */
public final class BrokerAdminProcessor implements RequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(BrokerAdminProcessor.class);

    private final Broker broker;

    public BrokerAdminProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_BROKER_RUNTIME_INFO -> RemotingCommand.success(request)
                    .body(RemotingJson.encode(RuntimeInfo.of(broker)));
            case RequestCode.GET_BROKER_CONFIG -> config(request);
            case RequestCode.UPDATE_BROKER_CONFIG -> updateConfig(channel, request);
            default -> throw new ProtocolException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        };
    }

    private RemotingCommand config(RemotingCommand request) {
        StringBuilder text = new StringBuilder();
        broker.config().toProperties().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return RemotingCommand.success(request)
                .ext("version", RemotingJson.encodeToString(broker.config().dataVersion()))
                .body(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private RemotingCommand updateConfig(RemotingChannel channel, RemotingCommand request) {
        if (request.body() == null || request.body().length == 0) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "UPDATE_BROKER_CONFIG needs key=value lines");
        }
        Map<String, String> changes = parseProperties(new String(request.body(), StandardCharsets.UTF_8));
        Set<String> changed;
        try {
            changed = broker.updateConfig(changes);
        } catch (ConfigException e) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        log.info("Broker config updated by {}: {} (changed: {})", channel.remoteAddress(), changes, changed);
        return RemotingCommand.success(request);
    }

    static Map<String, String> parseProperties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ProtocolException(ResponseCode.SYSTEM_ERROR, "cannot read key=value lines: " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}

package io.msgframe.client;

/** No name server knows a route for the topic, and no auto-create template route (TBW102) is available either. */
public final class RouteNotFoundException extends MsgFrameClientException {
    private final String topic;

    public RouteNotFoundException(String topic, String why) {
        super("no route for topic '" + topic + "': " + why);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}

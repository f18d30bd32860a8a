package io.smsync.send;

import io.smsync.config.Config;
import java.net.http.HttpClient;
import java.time.Duration;

/** Builds the sender that {@code SMSYNC_SENDER} names. */
public final class SenderFactory {
    /** One request to a gateway: long enough for a slow API, and past it the outcome is unknown. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private SenderFactory() {
    }

    public static SmsSender create(Config config) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return switch (config.replies().sender()) {
            case LOG -> new LogSender();
            case TWILIO -> new TwilioSender(config.gateways().twilio(), http, SEND_TIMEOUT);
            case SMSGATE -> new SmsGateSender(config.gateways().smsgate(), http, SEND_TIMEOUT);
            case HTTPSMS -> new HttpSmsSender(config.gateways().httpsms(), http, SEND_TIMEOUT);
            case SMSSYNC -> new SmsSyncSender();
        };
    }
}

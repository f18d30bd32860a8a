package io.smsync.send;

import io.smsync.config.Config;
import java.net.http.HttpClient;
import java.time.Duration;

/** Builds the sender that {@code SMSYNC_SENDER} names. */
public final class SenderFactory {
    private SenderFactory() {
    }

    public static SmsSender create(Config config) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return switch (config.replies().sender()) {
            case LOG -> new LogSender();
            case TWILIO -> new TwilioSender(config.gateways().twilio(), http);
            case SMSGATE -> new SmsGateSender(config.gateways().smsgate(), http);
            case HTTPSMS -> new HttpSmsSender(config.gateways().httpsms(), http);
            case SMSSYNC -> new SmsSyncSender();
        };
    }
}

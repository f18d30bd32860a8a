package io.smsync.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks the gateway variables. */
final class Gateways {
    private Gateways() {
    }

    static GatewayConfig read(EnvReader env, SenderKind sender) {
        String publicUrl = env.optional("SMSYNC_PUBLIC_URL");
        if (publicUrl != null) {
            Config.httpUrl("SMSYNC_PUBLIC_URL", publicUrl, "https://sms.example.com");
            publicUrl = publicUrl.replaceAll("/+$", "");
        }
        GatewayConfig config = new GatewayConfig(publicUrl,
                new GatewayConfig.Twilio(env.optional("TWILIO_ACCOUNT_SID"), env.optional("TWILIO_AUTH_TOKEN"),
                        env.optional("TWILIO_FROM"), env.optional("TWILIO_MESSAGING_SERVICE_SID"),
                        url(env, "TWILIO_API_URL", "https://api.twilio.com"),
                        env.optional("TWILIO_API_KEY_SID"), env.optional("TWILIO_API_KEY_SECRET")),
                new GatewayConfig.SmsGate(env.optional("SMSGATE_SIGNING_KEY"), url(env, "SMSGATE_URL", null),
                        env.optional("SMSGATE_USERNAME"), env.optional("SMSGATE_PASSWORD")),
                new GatewayConfig.HttpSms(env.optional("HTTPSMS_SIGNING_KEY"), env.optional("HTTPSMS_API_KEY"),
                        env.optional("HTTPSMS_FROM"), url(env, "HTTPSMS_URL", "https://api.httpsms.com")),
                new GatewayConfig.SmsSync(env.optional("SMSSYNC_SECRET")));
        if (publicUrl == null && config.twilio().authToken() != null) {
            throw new ConfigException("SMSYNC_PUBLIC_URL: required with TWILIO_AUTH_TOKEN, because Twilio signs the URL it calls"
                    + " (set the base URL Twilio reaches smsync at, e.g. https://sms.example.com)");
        }
        if (publicUrl == null && config.httpsms().signingKey() != null) {
            throw new ConfigException("SMSYNC_PUBLIC_URL: required with HTTPSMS_SIGNING_KEY, because the JWT's audience is the webhook URL");
        }
        requireSenderVariables(sender, config);
        return config;
    }

    private static URI url(EnvReader env, String variable, String fallback) {
        String value = env.string(variable, fallback);
        return value == null ? null : Config.httpUrl(variable, value.replaceAll("/+$", ""), fallback == null ? "http://192.168.1.20:8080" : fallback);
    }

    private static void requireSenderVariables(SenderKind sender, GatewayConfig g) {
        List<String> missing = new ArrayList<>();
        switch (sender) {
            case TWILIO -> {
                need(missing, "TWILIO_ACCOUNT_SID", g.twilio().accountSid());
                if (g.twilio().authToken() == null && (g.twilio().apiKeySid() == null || g.twilio().apiKeySecret() == null)) {
                    missing.add("TWILIO_AUTH_TOKEN (or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET)");
                }
                if (g.twilio().from() == null && g.twilio().messagingServiceSid() == null) {
                    missing.add("TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID");
                }
            }
            case SMSGATE -> {
                need(missing, "SMSGATE_URL", g.smsgate().url());
                need(missing, "SMSGATE_USERNAME", g.smsgate().username());
                need(missing, "SMSGATE_PASSWORD", g.smsgate().password());
            }
            case HTTPSMS -> {
                need(missing, "HTTPSMS_API_KEY", g.httpsms().apiKey());
                need(missing, "HTTPSMS_FROM", g.httpsms().from());
            }
            case SMSSYNC -> need(missing, "SMSSYNC_SECRET", g.smssync().secret());
            case LOG -> { }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("SMSYNC_SENDER: '" + sender.wireName() + "' needs " + String.join(", ", missing));
        }
    }

    private static void need(List<String> missing, String variable, Object value) {
        if (value == null) {
            missing.add(variable);
        }
    }

    static boolean anyInboundSecret(GatewayConfig g) {
        return g.twilio().authToken() != null || g.smsgate().signingKey() != null || g.httpsms().signingKey() != null
                || g.smssync().secret() != null;
    }

    /** One line per gateway endpoint: its check and key variable, or off. */
    static List<String> endpoints(GatewayConfig g) {
        return List.of(
                "POST /webhooks/twilio   " + (g.twilio().authToken() == null ? "off (set TWILIO_AUTH_TOKEN)"
                        : "X-Twilio-Signature (TWILIO_AUTH_TOKEN)"),
                "POST /webhooks/smsgate  " + (g.smsgate().signingKey() == null ? "off (set SMSGATE_SIGNING_KEY)"
                        : "X-Signature HMAC and X-Timestamp (SMSGATE_SIGNING_KEY)"),
                "POST /webhooks/httpsms  " + (g.httpsms().signingKey() == null ? "off (set HTTPSMS_SIGNING_KEY)"
                        : "HS256 JWT bearer (HTTPSMS_SIGNING_KEY)"),
                "/webhooks/smssync       " + (g.smssync().secret() == null ? "off (set SMSSYNC_SECRET)"
                        : "the app's secret (SMSSYNC_SECRET)"));
    }
}

package io.smsync.ingest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.config.GatewayConfig;
import io.smsync.http.ApiError;
import io.smsync.http.BodyBudget;
import io.smsync.http.RouteGroup;
import io.smsync.sms.InboundMessage;
import io.smsync.sms.PhoneNumbers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/twilio}: Twilio's incoming-message webhook, checked with
 * {@code X-Twilio-Signature} and answered with empty TwiML.
 */
public final class TwilioWebhook implements RouteGroup {
    public static final String PATH = "/webhooks/twilio";
    public static final String SOURCE = "twilio";
    /** Empty TwiML: smsync replies through the REST API once the batch closes, never inline. */
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
    /** Twilio's form carries one text of at most 1,600 characters and a few dozen short fields. */
    static final int MAX_BODY_BYTES = BodyBudget.SMALL_BODY_BYTES;
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhook.class);

    private final GatewayConfig gateways;
    private final PhoneNumbers phones;
    private final IngestService ingest;
    private final BodyBudget bodies;

    public TwilioWebhook(GatewayConfig gateways, PhoneNumbers phones, IngestService ingest, BodyBudget bodies) {
        this.gateways = gateways;
        this.phones = phones;
        this.ingest = ingest;
        this.bodies = bodies;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post(PATH, this::receive);
    }

    private void receive(Context ctx) {
        String authToken = gateways.twilio().authToken();
        if (authToken == null || authToken.isEmpty()) {
            throw new ApiError(404, "the Twilio webhook is off: set TWILIO_AUTH_TOKEN and SMSYNC_PUBLIC_URL to turn it on");
        }
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new ApiError(415, "send the body as application/x-www-form-urlencoded, as Twilio does (got "
                    + (contentType == null ? "no Content-Type" : "'" + contentType + "'") + ")");
        }
        String signature = ctx.header("X-Twilio-Signature");
        if (signature == null || signature.isBlank()) {
            throw rejected(ctx, "missing");
        }
        try (BodyBudget.Body body = bodies.read(ctx, MAX_BODY_BYTES)) {
            Map<String, List<String>> params = GatewayBodies.form(body.bytes());
            if (!TwilioSignature.matches(signature, authToken, signedUrl(ctx), params)) {
                throw rejected(ctx, "wrong");
            }
            String accountSid = first(params, "AccountSid");
            String expectedAccount = gateways.twilio().accountSid();
            if (accountSid != null && expectedAccount != null && !expectedAccount.equals(accountSid)) {
                throw new ApiError(401, "AccountSid does not match TWILIO_ACCOUNT_SID");
            }
            ingest.ingest(List.of(toMessage(params)));
        }
        ctx.status(200).contentType("text/xml; charset=UTF-8").result(EMPTY_TWIML);
    }

    private static ApiError rejected(Context ctx, String signature) {
        log.warn("TWILIO SIGNATURE REJECTED path={} signature={}", ctx.path(), signature);
        return new ApiError(401, "missing or wrong X-Twilio-Signature (it is checked against SMSYNC_PUBLIC_URL + "
                + PATH + " and TWILIO_AUTH_TOKEN)");
    }

    /** The URL Twilio signed: the configured public URL, because a proxy in front changes scheme and host. */
    private String signedUrl(Context ctx) {
        String base = gateways.publicUrl() == null ? "" : gateways.publicUrl();
        String query = ctx.queryString();
        return base + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private InboundMessage toMessage(Map<String, List<String>> params) {
        // Requests from before MessageSid existed carry only SmsMessageSid / SmsSid: the same id.
        String messageSid = firstPresent(params, "MessageSid", "SmsMessageSid", "SmsSid");
        if (messageSid == null) {
            throw new ApiError(400, "missing field 'MessageSid'");
        }
        String from = first(params, "From");
        if (from == null || from.isBlank()) {
            throw new ApiError(400, "missing field 'From'");
        }
        String to = first(params, "To");
        String body = first(params, "Body");
        return new InboundMessage(SOURCE, InboundRules.id(messageSid, "MessageSid"), phones.normalize(InboundRules.party(from, "From")),
                to == null ? "" : phones.normalize(InboundRules.party(to, "To")), InboundRules.text(body == null ? "" : body, "Body"), null);
    }

    private static String firstPresent(Map<String, List<String>> params, String... names) {
        for (String name : names) {
            String value = first(params, name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}

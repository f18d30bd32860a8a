package io.smsync.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.config.GatewayConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through SMSGate (capcom6 android-sms-gateway): the phone's local server ({@code POST /message}) or the
 * cloud / private server ({@code POST /3rdparty/v1/messages}). The reply's id is sent as SMSGate's message id,
 * so the cloud refuses a repeated send with 409 instead of texting twice.
 */
public final class SmsGateSender implements SmsSender {
    private static final Logger log = LoggerFactory.getLogger(SmsGateSender.class);
    private static final String CLOUD_PATH = "/3rdparty/v1";

    private final HttpClient http;
    private final URI messagesUri;
    private final boolean cloud;
    private final String authorization;
    private final Duration timeout;


    /** @param timeout how long one request to the gateway may take before its outcome is unknown */
    public SmsGateSender(GatewayConfig.SmsGate smsgate, HttpClient http, Duration timeout) {
        if (smsgate.url() == null) {
            throw new IllegalArgumentException("SMSGATE_URL must be set to send through SMSGate "
                    + "(the phone's local server, e.g. http://192.168.1.20:8080, or https://api.sms-gate.app/3rdparty/v1)");
        }
        String user = GatewayJson.required(smsgate.username(), "SMSGATE_USERNAME", "SMSGate");
        String password = GatewayJson.required(smsgate.password(), "SMSGATE_PASSWORD", "SMSGate");
        this.http = http;
        this.timeout = timeout;
        String base = GatewayJson.stripSlash(smsgate.url().toString());
        this.cloud = URI.create(base).getPath().contains(CLOUD_PATH);
        // The cloud API names the collection /messages (/message is its older alias); the phone's own server serves /message.
        this.messagesUri = URI.create(base + (cloud ? "/messages" : "/message"));
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        HttpRequest request = HttpRequest.newBuilder(messagesUri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(sms)))
                .build();
        HttpResponse<String> response = GatewayCall.send(http, request, "smsgate", timeout, !idempotent());
        int status = response.statusCode();
        if (status / 100 == 2) {
            log.debug("smsgate accepted reply={} state={}", sms.id(), GatewayJson.field(response.body(), "state"));
            return SendResult.ACCEPTED;
        }
        if (status == 409) {
            // A message with this id exists: an earlier attempt of this very reply got through.
            log.info("smsgate already has reply={} (409): treating it as accepted", sms.id());
            return SendResult.ACCEPTED;
        }
        throw GatewayCall.failure("smsgate", response, describeError(response.body()));
    }

    /**
     * {@code textMessage.text} is the documented shape; the flat {@code message} field is deprecated, and both
     * at once are refused ("exactly one of"), so only the current one is sent: an app that predates
     * {@code textMessage} needs updating.
     */
    private static byte[] body(OutgoingSms sms) {
        ObjectNode body = GatewayJson.object();
        body.put("id", sms.id());
        body.putArray("phoneNumbers").add(sms.to());
        body.putObject("textMessage").put("text", sms.text());
        return GatewayJson.bytes(body);
    }

    @Override
    public String name() {
        return "smsgate";
    }

    /**
     * The cloud and private servers refuse a repeated id with 409; the phone's local server shows no such check
     * in its source, so there an unknown outcome is not retried (a repeat could text twice).
     */
    @Override
    public boolean idempotent() {
        return cloud;
    }

    /** SMSGate's error body: {@code {"message": "…"}}, or plain text from a proxy in front of it. */
    private static String describeError(String body) {
        String message = GatewayJson.field(body, "message");
        if (message != null) {
            return message;
        }
        return GatewayCall.excerpt(body);
    }
}

package io.smsync.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.config.GatewayConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through httpSMS ({@code POST /v1/messages/send} with the {@code x-api-key} header); the reply's id goes
 * along as {@code request_id}, which httpSMS echoes in its message events.
 */
public final class HttpSmsSender implements SmsSender {
    private static final Logger log = LoggerFactory.getLogger(HttpSmsSender.class);
    private static final URI DEFAULT_URL = URI.create("https://api.httpsms.com");

    private final HttpClient http;
    private final URI sendUri;
    private final String apiKey;
    private final String from;
    private final Duration timeout;


    /** @param timeout how long one request to the gateway may take before its outcome is unknown */
    public HttpSmsSender(GatewayConfig.HttpSms httpsms, HttpClient http, Duration timeout) {
        this.apiKey = GatewayJson.required(httpsms.apiKey(), "HTTPSMS_API_KEY", "httpSMS");
        this.from = GatewayJson.required(httpsms.from(), "HTTPSMS_FROM", "httpSMS");
        String base = (httpsms.url() == null ? DEFAULT_URL : httpsms.url()).toString();
        this.sendUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/messages/send");
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        HttpRequest request = HttpRequest.newBuilder(sendUri)
                .timeout(timeout)
                .header("x-api-key", apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(sms)))
                .build();
        HttpResponse<String> response = GatewayCall.send(http, request, "httpsms", timeout, !idempotent());
        int status = response.statusCode();
        if (status / 100 == 2) {
            log.debug("httpsms accepted reply={} message_id={}", sms.id(), messageId(response.body()));
            return SendResult.ACCEPTED;
        }
        throw GatewayCall.failure("httpsms", response, describeError(response.body()));
    }

    /** The fields httpSMS's MessageSend request documents; {@code encrypted: false} because the text is plain. */
    private byte[] body(OutgoingSms sms) {
        ObjectNode body = GatewayJson.object();
        body.put("content", sms.text());
        body.put("from", from);
        body.put("to", sms.to());
        body.put("encrypted", false);
        body.put("request_id", sms.id());
        return GatewayJson.bytes(body);
    }

    @Override
    public String name() {
        return "httpsms";
    }

    /**
     * httpSMS does not deduplicate by {@code request_id}: its MessageService.SendMessage gives every request a new
     * message id and only carries the request id along for the client's tracking. So a repeat after an unknown
     * outcome could text twice, and must not be made blindly.
     */
    @Override
    public boolean idempotent() {
        return false;
    }

    /** httpSMS's error body: {@code {"status":"error","message":"…","data":…}}, or plain text from a proxy. */
    private static String describeError(String body) {
        JsonNode node = GatewayJson.tree(body);
        if (node != null && node.hasNonNull("message")) {
            JsonNode data = node.get("data");
            // data says what to fix: the offending fields of a 422, or a hint such as the header to set on a 401.
            String detail = data == null || data.isNull() || data.isEmpty() && !data.isValueNode() ? ""
                    : data.isTextual() ? data.asText() : data.toString();
            return node.get("message").asText() + (detail.isEmpty() ? "" : ": " + detail);
        }
        return GatewayCall.excerpt(body);
    }

    private static String messageId(String body) {
        JsonNode node = GatewayJson.tree(body);
        JsonNode data = node == null ? null : node.get("data");
        return data != null && data.hasNonNull("id") ? data.get("id").asText() : null;
    }
}

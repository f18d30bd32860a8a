package io.smsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.AppExtension;
import io.smsync.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /webhooks/twilio} over real HTTP on a real SQLite file, with requests shaped as Twilio sends them. */
class TwilioWebhookTest {
    private static final String AUTH_TOKEN = "f6d8e2a1c3b54d7e9a0b1c2d3e4f5a6b";
    private static final String ACCOUNT_SID = "AC3f9c1e7a2b4d6f8a0c2e4a6b8d0f2a4c";
    private static final String PUBLIC_URL = "https://sms.example.com";
    private static final String TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite()
            .env(Map.of("SMSYNC_PUBLIC_URL", PUBLIC_URL, "TWILIO_AUTH_TOKEN", AUTH_TOKEN, "TWILIO_ACCOUNT_SID", ACCOUNT_SID));

    /** An incoming SMS exactly as Twilio's incoming-message webhook delivers it. */
    private static Map<String, String> twilioSms(String messageSid, String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("ToState", "CA");
        params.put("SmsMessageSid", messageSid);
        params.put("NumMedia", "0");
        params.put("ToCity", "SAN FRANCISCO");
        params.put("FromZip", "94105");
        params.put("SmsSid", messageSid);
        params.put("FromState", "CA");
        params.put("SmsStatus", "received");
        params.put("FromCity", "SAN FRANCISCO");
        params.put("Body", body);
        params.put("FromCountry", "US");
        params.put("To", "+14155550100");
        params.put("MessagingServiceSid", "MG9752274e9e519418a7406176694466fa");
        params.put("ToZip", "94105");
        params.put("NumSegments", "1");
        params.put("ReferralNumMedia", "0");
        params.put("MessageSid", messageSid);
        params.put("AccountSid", ACCOUNT_SID);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    private static String sign(String url, Map<String, String> params) {
        return TwilioSignature.compute(AUTH_TOKEN, url, TwilioSignature.single(params));
    }

    private HttpResponse<String> post(String pathAndQuery, String contentType, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(smsync.app().uri(pathAndQuery))
                .header("Content-Type", contentType)
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return TestApp.send(request);
    }

    private HttpResponse<String> postSigned(Map<String, String> params) {
        return post("/webhooks/twilio", "application/x-www-form-urlencoded", TestApp.form(params),
                sign(PUBLIC_URL + "/webhooks/twilio", params));
    }

    private List<Map<String, Object>> stored() {
        return smsync.rows("SELECT sender, recipient, body, source, guid FROM messages");
    }

    @Test
    void twilios_published_example_signature_is_reproduced() {
        // The worked example in Twilio's webhook security documentation.
        Map<String, String> params = Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030", "Digits", "1234",
                "From", "+12349013030", "To", "+18005551212");
        String signature = TwilioSignature.compute("12345", "https://mycompany.com/myapp.php?foo=1&bar=2",
                TwilioSignature.single(params));
        assertThat(signature).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(TwilioSignature.matches("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "12345",
                "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioSignature.single(params))).isTrue();
        assertThat(TwilioSignature.matches("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "54321",
                "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioSignature.single(params))).isFalse();
    }

    @Test
    void a_repeated_parameter_contributes_each_value() {
        String url = "https://sms.example.com/webhooks/twilio";
        String both = TwilioSignature.compute(AUTH_TOKEN, url, Map.of("MediaUrl", List.of("a", "b")));
        assertThat(both).isNotEqualTo(TwilioSignature.compute(AUTH_TOKEN, url, Map.of("MediaUrl", List.of("a"))));
        assertThat(both).isEqualTo(TwilioSignature.compute(AUTH_TOKEN, url, Map.of("MediaUrl", List.of("b", "a"))));
    }

    @Test
    void a_signed_incoming_sms_is_stored_and_answered_with_empty_twiml() {
        HttpResponse<String> response = postSigned(twilioSms("SM1f0e8ae6ade43cb3c0ce4525424e404f", "(415) 555-0123", "Hi, is the shop open today?"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(response.body()).isEqualTo(TWIML);
        assertThat(stored()).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("sender", "+14155550123").containsEntry("recipient", "+14155550100")
                    .containsEntry("body", "Hi, is the shop open today?").containsEntry("source", "twilio")
                    .containsEntry("guid", "SM1f0e8ae6ade43cb3c0ce4525424e404f");
        });
    }

    @Test
    void the_signed_url_includes_the_query_string() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000001", "+14155550123", "with a query");
        HttpResponse<String> response = post("/webhooks/twilio?line=main", "application/x-www-form-urlencoded", TestApp.form(params),
                sign(PUBLIC_URL + "/webhooks/twilio?line=main", params));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stored()).hasSize(1);
    }

    @Test
    void a_signature_over_the_local_url_instead_of_the_public_one_is_refused() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000002", "+14155550123", "hello");
        HttpResponse<String> response = post("/webhooks/twilio", "application/x-www-form-urlencoded", TestApp.form(params),
                sign(smsync.app().uri("/webhooks/twilio").toString(), params));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_wrong_signature_is_a_401_and_nothing_is_stored() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000003", "+14155550123", "hello");
        String signature = sign(PUBLIC_URL + "/webhooks/twilio", params);
        params.put("Body", "tampered");
        HttpResponse<String> response = post("/webhooks/twilio", "application/x-www-form-urlencoded", TestApp.form(params), signature);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("X-Twilio-Signature");
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_missing_signature_is_a_401() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000004", "+14155550123", "hello");
        HttpResponse<String> response = post("/webhooks/twilio", "application/x-www-form-urlencoded", TestApp.form(params), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(stored()).isEmpty();
    }

    @Test
    void another_account_is_a_401_even_when_signed() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000005", "+14155550123", "hello");
        params.put("AccountSid", "AC00000000000000000000000000000000");
        assertThat(postSigned(params).statusCode()).isEqualTo(401);
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_retried_delivery_is_answered_the_same_and_stored_once() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000006", "+14155550123", "only once");
        HttpResponse<String> first = postSigned(params);
        HttpResponse<String> retry = postSigned(params);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(TWIML);
        assertThat(stored()).hasSize(1);
    }

    @Test
    void an_old_request_with_only_sms_sid_uses_it_as_the_id() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000007", "+14155550123", "legacy");
        params.remove("MessageSid");
        params.remove("SmsMessageSid");
        assertThat(postSigned(params).statusCode()).isEqualTo(200);
        assertThat(stored()).singleElement().satisfies(row -> assertThat(row).containsEntry("guid", "SMa0000000000000000000000000000007"));
    }

    @Test
    void a_missing_from_is_a_400_naming_the_field() {
        Map<String, String> params = twilioSms("SMa0000000000000000000000000000008", "+14155550123", "hello");
        params.remove("From");
        HttpResponse<String> response = postSigned(params);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("From");
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_nul_in_the_body_is_replaced_not_a_500() {
        assertThat(postSigned(twilioSms("SMa0000000000000000000000000000009", "+14155550123", "a\u0000b")).statusCode()).isEqualTo(200);
        assertThat(stored()).singleElement().satisfies(row -> assertThat(row).containsEntry("body", "a\uFFFDb"));
    }

    @Test
    void the_endpoint_is_off_without_an_auth_token() {
        smsync.start(Map.of("SMSYNC_PUBLIC_URL", PUBLIC_URL));
        HttpResponse<String> response = postSigned(twilioSms("SMa0000000000000000000000000000010", "+14155550123", "hello"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("TWILIO_AUTH_TOKEN").contains("SMSYNC_PUBLIC_URL");
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_body_that_is_not_form_encoded_is_a_415() {
        HttpResponse<String> response = post("/webhooks/twilio", "application/json", "{\"MessageSid\":\"SM1\"}", "x");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("application/x-www-form-urlencoded");
    }
}

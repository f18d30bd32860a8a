package io.smsync.config;

import java.net.URI;

/**
 * The gateways' settings, one group per gateway. An inbound endpoint is on when its secret is set; a sender's
 * variables are required when {@code SMSYNC_SENDER} names it. Fields are null when unset; groups never are.
 *
 * @param publicUrl the base URL gateways call, without a trailing slash (Twilio signatures, httpSMS JWT audience)
 */
public record GatewayConfig(String publicUrl, Twilio twilio, SmsGate smsgate, HttpSms httpsms, SmsSync smssync) {

    /**
     * Twilio: the auth token checks inbound signatures; sending uses the auth token, or the API key pair when
     * both {@code apiKeySid} and {@code apiKeySecret} are set, from {@code from} or a messaging service.
     */
    public record Twilio(String accountSid, String authToken, String from, String messagingServiceSid, URI apiUrl,
                         String apiKeySid, String apiKeySecret) {
    }

    /** SMS Gateway for Android: the webhook signing key, and the device or cloud server that sends. */
    public record SmsGate(String signingKey, URI url, String username, String password) {
    }

    /** httpSMS: the webhook's JWT signing key, and the API key and phone number that send. */
    public record HttpSms(String signingKey, String apiKey, String from, URI url) {
    }

    /** SMSSync: the secret the app sends with each message and task poll. */
    public record SmsSync(String secret) {
    }

    @Override
    public String toString() {
        return "GatewayConfig[publicUrl=" + publicUrl + ", twilio inbound " + on(twilio.authToken())
                + ", smsgate inbound " + on(smsgate.signingKey()) + ", httpsms inbound " + on(httpsms.signingKey())
                + ", smssync " + on(smssync.secret()) + "]";
    }

    private static String on(String secret) {
        return secret == null ? "off" : "on";
    }
}

package io.smsync.config;

import java.net.URI;

/**
 * The gateways' settings. An inbound endpoint is on when its secret is set; a sender's
 * variables are required when {@code SMSYNC_SENDER} names it. Fields are null when unset.
 *
 * @param publicUrl the base URL gateways call, without a trailing slash (Twilio signatures, httpSMS JWT audience)
 * @param twilioApiKeySid   optional API key SID for sending (with {@code twilioApiKeySecret}) instead of the auth token
 */
public record GatewayConfig(String publicUrl,
                            String twilioAccountSid, String twilioAuthToken, String twilioFrom,
                            String twilioMessagingServiceSid, URI twilioApiUrl,
                            String twilioApiKeySid, String twilioApiKeySecret,
                            String smsgateSigningKey, URI smsgateUrl, String smsgateUsername, String smsgatePassword,
                            String httpsmsSigningKey, String httpsmsApiKey, String httpsmsFrom, URI httpsmsUrl,
                            String smssyncSecret) {

    @Override
    public String toString() {
        return "GatewayConfig[publicUrl=" + publicUrl + ", twilio inbound " + on(twilioAuthToken)
                + ", smsgate inbound " + on(smsgateSigningKey) + ", httpsms inbound " + on(httpsmsSigningKey)
                + ", smssync " + on(smssyncSecret) + "]";
    }

    private static String on(String secret) {
        return secret == null ? "off" : "on";
    }
}

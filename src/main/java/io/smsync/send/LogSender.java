package io.smsync.send;

import io.smsync.logging.RedactingMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default sender: writes the reply it would send to the log, so smsync runs end to end without a gateway. */
public final class LogSender implements SmsSender {
    private static final Logger log = LoggerFactory.getLogger(LogSender.class);

    @Override
    public SendResult send(OutgoingSms sms) {
        if (RedactingMessageConverter.enabled()) {
            log.info("LOG SENDER to={} reply={} chars={} (text hidden: SMSYNC_LOG_REDACT)", sms.to(), sms.id(), sms.text().length());
        } else {
            log.info("LOG SENDER to={} reply={} text=\"{}\"", sms.to(), sms.id(), sms.text());
        }
        return SendResult.ACCEPTED;
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public boolean idempotent() {
        return true;
    }
}

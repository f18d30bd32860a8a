package io.smsync.send;

/**
 * SMSSync (Ushahidi) cannot be called: the phone polls smsync for work. So a reply is queued in the
 * outbox, handed over on the phone's {@code GET ?task=send} and marked sent on its {@code task=sent}.
 */
public final class SmsSyncSender implements SmsSender {

    @Override
    public SendResult send(OutgoingSms sms) {
        return SendResult.QUEUED;
    }

    @Override
    public String name() {
        return "smssync";
    }

    /** Queuing twice changes nothing: the reply has one row and one uuid. */
    @Override
    public boolean idempotent() {
        return true;
    }
}

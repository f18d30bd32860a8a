package io.smsync.alert;

import io.smsync.reply.Outbox;
import io.smsync.store.Alerts;
import io.smsync.store.ReplyRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts the alert numbers when a batch lands in an alerting category (default {@code urgent}): one short text per
 * number naming the customer's number, the category and the start of the text, with a link to the batch when smsync's
 * public URL is known. Decided in the batch's finishing transaction, so a batch alerts at most once; a customer who
 * alerted within the quiet period does not alert again. The texts leave through the outbox, like replies.
 */
public final class AlertTexts {
    private static final Logger log = LoggerFactory.getLogger(AlertTexts.class);
    /** How much of the customer's text an alert quotes, in code points. */
    static final int QUOTE_LENGTH = 60;

    private final List<String> numbers;
    private final Set<String> categories;
    private final Duration quiet;
    private final String publicUrl;
    private final Alerts alerts;
    private final Outbox outbox;

    /** @param publicUrl smsync's base URL for the link to the batch, without a trailing slash; null for no link */
    public AlertTexts(List<String> numbers, Set<String> categories, Duration quiet, String publicUrl, Alerts alerts, Outbox outbox) {
        this.numbers = List.copyOf(numbers);
        this.categories = Set.copyOf(categories);
        this.quiet = quiet;
        this.publicUrl = publicUrl;
        this.alerts = alerts;
        this.outbox = outbox;
    }

    /**
     * In the batch's finishing transaction: stores the alert texts this batch calls for (none, or one per number).
     * Hand each returned entry to {@link Outbox#committed} after the commit.
     */
    public List<ReplyRow> record(Handle h, String batchId, String customer, String category, String text, Instant now) {
        if (numbers.isEmpty() || !categories.contains(category) || alerts.alerted(h, batchId)) {
            return List.of();
        }
        if (!alerts.takeQuietSlot(h, customer, now, quiet)) {
            log.info("ALERT HELD batch={} customer={} category={}: this customer alerted within the last {} s", batchId, customer,
                    category, quiet.toSeconds());
            return List.of();
        }
        String alert = text(batchId, customer, category, text);
        List<ReplyRow> texts = new ArrayList<>();
        for (String number : numbers) {
            ReplyRow row = outbox.recordAlert(h, number, alert, now);
            alerts.insert(h, batchId, number, row.id(), customer, now);
            texts.add(row);
        }
        return texts;
    }

    /** Once the transaction of {@link #record} has committed: hands the alert texts to the outbox. */
    public void committed(String batchId, List<ReplyRow> texts) {
        if (!texts.isEmpty()) {
            log.info("ALERT SENDING batch={} numbers={}", batchId, texts.size());
        }
        texts.forEach(outbox::committed);
    }

    /** The alert: {@code [urgent] +16502530000: "Water is pouring through…" https://…/#/batch/b_…}. */
    String text(String batchId, String customer, String category, String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        String quote = oneLine.codePointCount(0, oneLine.length()) <= QUOTE_LENGTH ? oneLine
                : oneLine.substring(0, oneLine.offsetByCodePoints(0, QUOTE_LENGTH)).trim() + "…";
        return "[" + category + "] " + customer + ": \"" + quote + "\"" + (publicUrl == null ? "" : " " + publicUrl + "/#/batch/" + batchId);
    }
}

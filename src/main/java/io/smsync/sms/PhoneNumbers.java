package io.smsync.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalizes senders: a possible phone number in the default region becomes E.164, so
 * {@code (650) 253-0000} and {@code +16502530000} are one sender; short codes and alphanumeric
 * sender ids are kept as given.
 */
public final class PhoneNumbers {
    /** Short codes have at most this many digits and are never written with a country code. */
    private static final int SHORT_CODE_MAX_DIGITS = 6;

    /** How many normalized numbers are remembered; past this the memory starts over. */
    private static final int REMEMBERED = 50_000;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    /** Normalizing is a pure function of the text, and costly (libphonenumber's regular expressions); senders repeat. */
    private final Map<String, String> normalized = new ConcurrentHashMap<>();

    public PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** E.164 for a possible number in the default region; anything else trimmed and otherwise as given. */
    public String normalize(String raw) {
        String known = normalized.get(raw);
        if (known != null) {
            return known;
        }
        String result = parse(raw);
        if (normalized.size() >= REMEMBERED) {
            normalized.clear();
        }
        normalized.put(raw, result);
        return result;
    }

    private String parse(String raw) {
        String value = raw.trim();
        if (value.isEmpty() || isAlphanumeric(value) || isShortCode(value)) {
            return value;
        }
        try {
            PhoneNumber number = util.parse(value, defaultRegion);
            if (util.isPossibleNumber(number)) {
                return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            }
        } catch (NumberParseException ignored) {
            // Not a phone number: keep it as the gateway gave it.
        }
        return value;
    }

    /** A short code such as {@code 80082}: few digits and no country code. */
    public boolean isShortCode(String number) {
        String digits = number.replaceAll("\\D", "");
        return !number.startsWith("+") && !digits.isEmpty() && digits.length() <= SHORT_CODE_MAX_DIGITS
                && !isAlphanumeric(number);
    }

    /** An alphanumeric sender id such as {@code ACME} or {@code Google}. */
    public boolean isAlphanumeric(String number) {
        return number.codePoints().anyMatch(Character::isLetter);
    }
}

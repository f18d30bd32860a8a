package io.smsync.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            STOP            | STOP
            stop            | STOP
            '  Stop.  '     | STOP
            STOPALL         | STOP
            unsubscribe!    | STOP
            Cancel          | STOP
            end             | STOP
            QUIT            | STOP
            revoke          | STOP
            OPTOUT          | STOP
            START           | START
            unstop          | START
            Yes!            | START
            HELP            | HELP
            info?           | HELP
            please stop     | NONE
            stop texting me | NONE
            STOP STOP       | NONE
            ''              | NONE
            helpful         | NONE
            """)
    void only_the_whole_message_is_a_keyword(String text, Keyword expected) {
        assertThat(Keyword.of(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '\u00a1\u00a1STOP!!\u2026'
            '\t\u000bStop\t'
            '\u2014 yes \u2014'
            '$$$HELP\u20ac'
            '\ud83d\uded1 stop \ud83d\uded1'
            '\u00a0stop\u00a0'
            '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!unsubscribe!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
            '...'
            'stop_'
            'st\u00f6p'
            'unsubscribe now'
            """)
    void the_trim_finds_what_the_regular_expression_it_replaces_found(String text) {
        String word = text.replaceAll("^[\\p{P}\\p{S}\\s]+|[\\p{P}\\p{S}\\s]+$", "").toUpperCase(Locale.ROOT);
        Keyword byPattern = switch (word) {
            case "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT" -> Keyword.STOP;
            case "START", "UNSTOP", "YES" -> Keyword.START;
            case "HELP", "INFO" -> Keyword.HELP;
            default -> Keyword.NONE;
        };
        assertThat(Keyword.of(text)).isEqualTo(byPattern);
    }
}

package io.smsync.sms;

import static org.assertj.core.api.Assertions.assertThat;

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
}

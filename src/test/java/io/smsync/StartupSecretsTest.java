package io.smsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.SmsyncProcess;
import io.smsync.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real {@code App.main} in its own process, refused by the real PostgreSQL: what it prints. */
class StartupSecretsTest {

    @Test
    void a_password_typed_after_a_semicolon_is_printed_nowhere_when_postgres_refuses_the_login() {
        String server = TestDatabases.postgresUrl();
        // ';' typed for '&': the driver sends "postgres;password=S3CRET" as the user name, and the server's error quotes it.
        String url = server.substring(0, server.contains("?") ? server.indexOf('?') : server.length())
                + "?user=postgres;password=S3CRET";

        SmsyncProcess.Exit exit = SmsyncProcess.runUntilExit(Map.of("SMSYNC_DATABASE_URL", url));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.output()).doesNotContain("S3CRET")
                .contains("smsync: SMSYNC_DATABASE_URL: cannot open jdbc:postgresql:", "postgres;password=***");
    }
}

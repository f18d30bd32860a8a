package io.smsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsync.consolidate.WindowMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    @Test
    void defaults_are_the_documented_ones() {
        Config config = Config.defaults();
        assertThat(config.web().host()).isEqualTo("127.0.0.1");
        assertThat(config.web().port()).isEqualTo(8080);
        assertThat(config.store().databaseUrl()).isEqualTo("jdbc:sqlite:smsync.db");
        assertThat(config.window().length()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.window().mode()).isEqualTo(WindowMode.FIXED);
        assertThat(config.window().maxWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.window().maxBatchMessages()).isEqualTo(50);
        assertThat(config.defaultRegion()).isEqualTo("US");
        assertThat(config.llmEnabled()).isFalse();
        assertThat(config.llm().baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(config.llm().model()).isEqualTo("gpt-4o-mini");
        assertThat(config.llm().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.llm().categoriesFile()).isNull();
        assertThat(config.llm().learnFrom()).isEqualTo(2000);
        assertThat(config.replies().autoReplyEnabled()).isTrue();
        assertThat(config.replies().autoReplyText()).isEqualTo("Thanks for your message! We received it and will get back to you shortly.");
        assertThat(config.replies().sender()).isEqualTo(SenderKind.LOG);
        assertThat(config.web().webhookToken()).isNull();
        assertThat(config.web().adminToken()).isNull();
        assertThat(config.replies().cooldown()).isEqualTo(Duration.ofHours(24));
        assertThat(config.web().loopbackOnly()).isTrue();
    }

    @Test
    void blank_values_count_as_unset() {
        assertThat(Config.fromEnv(Map.of("SMSYNC_WINDOW", " ", "OPENAI_API_KEY", "")).window().length()).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SMSYNC_PORT                | 70000      | SMSYNC_PORT: must be a whole number from 0 to 65535
            SMSYNC_PORT                | http       | SMSYNC_PORT: must be a whole number
            SMSYNC_DATABASE_URL        | mysql://x  | SMSYNC_DATABASE_URL: must start with jdbc:sqlite: or jdbc:postgresql:
            SMSYNC_WINDOW              | soon       | SMSYNC_WINDOW: cannot read 'soon' as a duration
            SMSYNC_WINDOW              | -5s        | SMSYNC_WINDOW: cannot read
            SMSYNC_WINDOW_MODE         | rolling    | SMSYNC_WINDOW_MODE: must be fixed or sliding
            SMSYNC_MAX_WAIT            | 5 minutes  | SMSYNC_MAX_WAIT: cannot read
            SMSYNC_MAX_BATCH_MESSAGES  | 0          | SMSYNC_MAX_BATCH_MESSAGES: must be a whole number from 1
            SMSYNC_DEFAULT_REGION      | XX         | SMSYNC_DEFAULT_REGION: 'XX' is not a region code
            OPENAI_BASE_URL            | ftp://x    | OPENAI_BASE_URL: must be an http(s) URL
            SMSYNC_LLM_TIMEOUT         | 0          | SMSYNC_LLM_TIMEOUT: must be more than 0
            SMSYNC_CATEGORIES_FILE     | /nope.yaml | SMSYNC_CATEGORIES_FILE: cannot read '/nope.yaml'
            SMSYNC_LEARN_FROM_LLM      | -1         | SMSYNC_LEARN_FROM_LLM: must be a whole number from 0
            SMS_AUTO_REPLY_ENABLED     | maybe      | SMS_AUTO_REPLY_ENABLED: must be true or false (also 1/0, yes/no, on/off
            SMSYNC_SENDER              | pigeon     | SMSYNC_SENDER: unknown sender 'pigeon'; use one of log, twilio, smsgate, httpsms, smssync
            SMSYNC_SENDER              | twilio     | SMSYNC_SENDER: 'twilio' needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET), TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID
            SMSYNC_REPLY_COOLDOWN      | 1 day      | SMSYNC_REPLY_COOLDOWN: cannot read
            SMSYNC_HOST                | 0.0.0.0    | SMSYNC_HOST: binding to '0.0.0.0' needs a secret for every endpoint it opens
            SMSYNC_HOST                | 127.evil.example | SMSYNC_HOST: binding to '127.evil.example' needs a secret
            SMSYNC_RETENTION           | 0          | SMSYNC_RETENTION: must be more than 0
            SMSYNC_LOG_REDACT          | sometimes  | SMSYNC_LOG_REDACT: must be true or false
            SMSYNC_PUBLIC_URL          | sms.example.com | SMSYNC_PUBLIC_URL: must be an http(s) URL
            TWILIO_AUTH_TOKEN          | tw-secret  | SMSYNC_PUBLIC_URL: required with TWILIO_AUTH_TOKEN
            """)
    void a_bad_value_stops_start_up_with_one_line_naming_the_variable(String variable, String value, String message) {
        assertThatThrownBy(() -> Config.fromEnv(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void sliding_mode_needs_a_cap_at_least_as_long_as_the_window() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("SMSYNC_WINDOW_MODE", "sliding", "SMSYNC_WINDOW", "10m")))
                .hasMessageStartingWith("SMSYNC_MAX_WAIT: must be at least SMSYNC_WINDOW");
        assertThat(Config.fromEnv(Map.of("SMSYNC_WINDOW_MODE", "SLIDING", "SMSYNC_MAX_WAIT", "10m")).window().mode())
                .isEqualTo(WindowMode.SLIDING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"})
    void loopback_binds_need_no_token(String host) {
        assertThat(Config.fromEnv(Map.of("SMSYNC_HOST", host)).web().loopbackOnly()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "127.evil.example", "127.0.0.256"})
    void a_non_loopback_bind_is_allowed_once_the_webhook_has_a_token(String host) {
        Config config = Config.fromEnv(Map.of("SMSYNC_HOST", host, "SMSYNC_WEBHOOK_TOKEN", "t0ken"));
        assertThat(config.web().loopbackOnly()).isFalse();
    }

    @Test
    void a_gateway_secret_also_guards_a_non_loopback_bind() {
        assertThat(Config.fromEnv(Map.of("SMSYNC_HOST", "0.0.0.0", "SMSSYNC_SECRET", "s3cret")).web().loopbackOnly()).isFalse();
    }

    @Test
    void sender_names_are_case_insensitive() {
        assertThat(SenderKind.parse(" LOG ")).isEqualTo(SenderKind.LOG);
        assertThat(SenderKind.SMSGATE.wireName()).isEqualTo("smsgate");
    }

    @Test
    void secrets_never_appear_in_to_string_or_the_start_up_summary() {
        Config config = Config.fromEnv(Map.of("OPENAI_API_KEY", "sk-secret-1", "SMSYNC_WEBHOOK_TOKEN", "hook-secret-2",
                "SMSYNC_ADMIN_TOKEN", "admin-secret-3",
                "SMSYNC_DATABASE_URL", "jdbc:postgresql://db:5432/smsync?user=app&password=db-secret-4"));
        for (String text : new String[] {config.toString(), config.describe()}) {
            assertThat(text).doesNotContain("sk-secret-1", "hook-secret-2", "admin-secret-3", "db-secret-4");
        }
        assertThat(config.describe()).contains("password=***", "llm (gpt-4o-mini");
    }

    @Test
    void credentials_in_the_llm_base_url_are_masked_too() {
        Config config = Config.fromEnv(Map.of("OPENAI_API_KEY", "sk-1", "OPENAI_BASE_URL", "https://me:proxy-secret@llm.internal/v1"));
        assertThat(config.describe()).doesNotContain("proxy-secret").contains("https://me:***@llm.internal/v1");
        assertThat(config.toString()).doesNotContain("proxy-secret");
    }

    @Test
    void secrets_lists_every_token_key_and_password_the_configuration_holds() {
        Config config = Config.fromEnv(Map.ofEntries(
                Map.entry("OPENAI_API_KEY", "sk-openai-1"), Map.entry("OPENAI_BASE_URL", "https://me:llm-proxy-2@llm.internal/v1"),
                Map.entry("SMSYNC_WEBHOOK_TOKEN", "hook-3"), Map.entry("SMSYNC_ADMIN_TOKEN", "admin-4"),
                Map.entry("SMSYNC_PUBLIC_URL", "https://sms.example.com"),
                Map.entry("TWILIO_AUTH_TOKEN", "twilio-token-5"), Map.entry("TWILIO_API_KEY_SECRET", "twilio-secret-6"),
                Map.entry("SMSGATE_SIGNING_KEY", "smsgate-key-7"), Map.entry("SMSGATE_PASSWORD", "smsgate-pass-8"),
                Map.entry("HTTPSMS_SIGNING_KEY", "httpsms-key-9"), Map.entry("HTTPSMS_API_KEY", "httpsms-api-10"),
                Map.entry("SMSSYNC_SECRET", "smssync-11"),
                Map.entry("SMSYNC_DATABASE_URL", "jdbc:postgresql://db/smsync?user=app&password=db-pass-12&ssl=true")));

        assertThat(config.secrets()).contains("sk-openai-1", "llm-proxy-2", "hook-3", "admin-4", "twilio-token-5",
                "twilio-secret-6", "smsgate-key-7", "smsgate-pass-8", "httpsms-key-9", "httpsms-api-10", "smssync-11",
                "db-pass-12");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://h/db?user=postgres;password=S3CRET           | S3CRET
            jdbc:postgresql://h/db?user=postgres;password=S3CRET;ssl=true  | S3CRET
            jdbc:postgresql://h/db?user=u&PASSWORD=p4ss&ssl=true           | p4ss
            jdbc:postgresql://u:p@ss@h/db                                  | p@ss
            jdbc:postgresql://h/db?user=u&password=p%26ss%3Bword           | p&ss;word
            """)
    void the_database_url_password_is_a_secret_however_it_is_written(String url, String password) {
        assertThat(Config.fromEnv(Map.of("SMSYNC_DATABASE_URL", url)).secrets()).contains(password);
    }

    @Test
    void database_passwords_are_masked_in_both_url_forms() {
        assertThat(Config.maskDatabaseUrl("jdbc:postgresql://h/db?user=u&password=p4ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(Config.maskDatabaseUrl("jdbc:postgresql://u:p4ss@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
        assertThat(Config.maskDatabaseUrl("jdbc:postgresql://u:p@ss@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
        assertThat(Config.maskDatabaseUrl("jdbc:postgresql://h/db;user=u;PASSWORD=p4ss")).isEqualTo("jdbc:postgresql://h/db;user=u;PASSWORD=***");
        assertThat(Config.maskDatabaseUrl("jdbc:sqlite:smsync.db")).isEqualTo("jdbc:sqlite:smsync.db");
    }

    @Test
    void an_existing_categories_file_is_accepted(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("categories.yaml"), "categories: []");
        assertThat(Config.fromEnv(Map.of("SMSYNC_CATEGORIES_FILE", file.toString())).llm().categoriesFile()).isEqualTo(file);
    }

    @Test
    void the_start_up_block_says_how_each_endpoint_is_protected() {
        String local = Config.fromEnv(Map.of()).describe();
        assertThat(local).contains("POST /webhooks/sms      no token: requests from this machine only",
                "POST /webhooks/twilio   off (set TWILIO_AUTH_TOKEN)", "/ and /api/*            no token: requests from this machine only");

        String exposed = Config.fromEnv(Map.of("SMSYNC_HOST", "0.0.0.0", "SMSSYNC_SECRET", "phone-secret")).describe();
        assertThat(exposed).contains("POST /webhooks/sms      off (a non-loopback bind needs SMSYNC_WEBHOOK_TOKEN)",
                "/webhooks/smssync       the app's secret (SMSSYNC_SECRET)",
                "/ and /api/*            off (a non-loopback bind needs SMSYNC_ADMIN_TOKEN)").doesNotContain("phone-secret");

        String protectedBind = Config.fromEnv(Map.of("SMSYNC_HOST", "0.0.0.0", "SMSYNC_WEBHOOK_TOKEN", "t-1",
                "SMSYNC_ADMIN_TOKEN", "a-1")).describe();
        assertThat(protectedBind).contains("bearer token or HMAC signature (SMSYNC_WEBHOOK_TOKEN)",
                "admin token (SMSYNC_ADMIN_TOKEN)");
    }
}

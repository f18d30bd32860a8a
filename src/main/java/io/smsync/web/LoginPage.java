package io.smsync.web;

/** The dashboard's login form: one field, the admin token. */
final class LoginPage {
    private LoginPage() {
    }

    static String html(String error) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>smsync · log in</title><link rel="stylesheet" href="/style.css"></head>
                <body class="login"><main><h1>smsync</h1>
                <form method="post" action="/login">
                <label for="token">Admin token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                %s<button type="submit">Log in</button></form>
                <p class="hint">The value of <code>SMSYNC_ADMIN_TOKEN</code> on the server.</p></main></body></html>
                """.formatted(error == null ? "" : "<p class=\"error\" role=\"alert\">" + error + "</p>");
    }
}

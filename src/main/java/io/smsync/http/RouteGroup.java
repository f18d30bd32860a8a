package io.smsync.http;

import io.javalin.config.RoutesConfig;

/** A set of HTTP routes that registers itself on the server. */
public interface RouteGroup {
    void addTo(RoutesConfig routes);
}

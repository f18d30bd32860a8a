package io.smsync.metrics;

import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smsync.store.ReadModel;
import io.smsync.http.RouteGroup;

/** {@code GET /metrics} in Prometheus text format; open to scrapers (no token), with no personal data. */
public final class MetricsRoutes implements RouteGroup {
    private final PrometheusMeterRegistry registry;

    public MetricsRoutes(PrometheusMeterRegistry registry, ReadModel readModel) {
        this.registry = registry;
        Gauge.builder("smsync.batches.open", readModel, MetricsRoutes::openBatches)
                .description("Batches still inside their window").register(registry);
    }

    /** A registry with the JVM's own meters bound. */
    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        return registry;
    }

    private static double openBatches(ReadModel readModel) {
        try {
            return readModel.openBatches();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }
}

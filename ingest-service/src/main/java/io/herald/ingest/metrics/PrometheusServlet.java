package io.herald.ingest.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * {@code GET /prometheus} on the admin port: every meter of a {@link PrometheusMeterRegistry} in the Prometheus text
 * exposition format 0.0.4 ({@value #TEXT_FORMAT}), or in OpenMetrics 1.0 ({@value #OPENMETRICS_FORMAT}) when the
 * request's {@code Accept} names {@code application/openmetrics-text}, as Prometheus' scraper does. Dropwizard's own
 * {@code GET /metrics} (JSON) stays as it is.
 */
public final class PrometheusServlet extends HttpServlet {

    /** The content type of the Prometheus text exposition format, version 0.0.4. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** The content type of the OpenMetrics text format, version 1.0.0. */
    public static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static final long serialVersionUID = 1L;

    private final transient PrometheusMeterRegistry registry;

    /** @param registry the meters to show */
    public PrometheusServlet(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = contentType(request.getHeader("Accept"));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
        try (OutputStream out = response.getOutputStream()) {
            registry.scrape(out, contentType);
        }
    }

    /**
     * @param accept the request's {@code Accept} header, or null
     * @return {@link #OPENMETRICS_FORMAT} if it names {@code application/openmetrics-text}, else {@link #TEXT_FORMAT}
     */
    static String contentType(String accept) {
        // media types are case-insensitive (RFC 9110 §8.3.1), as the dispatcher's /metrics reads them too
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS_FORMAT : TEXT_FORMAT;
    }
}

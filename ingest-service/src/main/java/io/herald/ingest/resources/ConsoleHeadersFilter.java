package io.herald.ingest.resources;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The console's response headers ({@code /console/*}): a Content-Security-Policy that lets the page run only its own
 * scripts and styles from this origin (no {@code unsafe-inline}, no {@code unsafe-eval}), talk only to this origin,
 * and never be framed; no MIME sniffing; no referrer; and no caching, so that a new release's page and scripts are
 * never mixed with an old one's.
 */
public final class ConsoleHeadersFilter implements Filter {

    /** The console's Content-Security-Policy (W3C CSP Level 3). */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("Referrer-Policy", "no-referrer");
        http.setHeader("X-Frame-Options", "DENY");
        http.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}

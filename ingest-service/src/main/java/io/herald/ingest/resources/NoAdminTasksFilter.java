package io.herald.ingest.resources;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers every request under the admin port's {@code /tasks/} with 404: Dropwizard serves its tasks there
 * ({@code POST /tasks/log-level} changes any logger's level, {@code /tasks/gc} runs a collection), without
 * authentication and taking their parameters from the query string, so anyone who reaches the admin port (or makes a
 * server-side request to it) could silence the logs or load the JVM. Herald serves no task; change log levels in
 * {@code logging:} and restart.
 */
public final class NoAdminTasksFilter implements Filter {

    private static final byte[] BODY = ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
            + "\"detail\":\"this service serves no admin tasks\"}").getBytes(StandardCharsets.UTF_8);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(HttpServletResponse.SC_NOT_FOUND);
        http.setContentType("application/problem+json");
        http.setContentLength(BODY.length);
        http.getOutputStream().write(BODY);
    }
}

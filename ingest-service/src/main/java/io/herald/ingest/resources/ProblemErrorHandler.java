package io.herald.ingest.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's own error answers as {@code application/problem+json} (RFC 9457) instead of HTML: a request that is not
 * valid HTTP (400 {@code bad-http-request}), a URI too long (414 {@code uri-too-long}), header fields too large (431
 * {@code headers-too-large}), and any other error Jetty answers before a resource sees the request ({@code type}
 * {@code about:blank}, per RFC 9457 §4.2.1). Errors of the resources have their own exception mappers. Never a stack
 * trace: the detail is Jetty's one-line reason.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ErrorCode> SERVER_CODES = List.of(ErrorCode.BAD_HTTP_REQUEST, ErrorCode.URI_TOO_LONG,
            ErrorCode.HEADERS_TOO_LARGE);

    /**
     * @return a listener that, as the Jetty server starts, makes a {@code ProblemErrorHandler} its error handler; for
     *     {@code environment.lifecycle().addEventListener}
     */
    public static LifeCycle.Listener installer() {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(new ProblemErrorHandler());
                }
            }
        };
    }

    /** Answers a request Jetty could not parse (e.g. 431), on the connection, before any handler. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return ByteBuffer.wrap(problem(status, reason));
    }

    /** Answers any other error Jetty itself produces. */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(problem(code, message)), callback);
    }

    /**
     * @param status the HTTP status
     * @param reason Jetty's reason, or null
     * @return the problem document's UTF-8 bytes
     */
    static byte[] problem(int status, String reason) {
        String title = HttpStatus.getMessage(status);
        String detail = reason == null || reason.isBlank() ? title : reason;
        Problem problem = SERVER_CODES.stream().filter(code -> code.status() == status).findFirst()
                .map(code -> Problem.of(code, detail, null))
                .orElseGet(() -> new Problem("about:blank", title, status, detail, null, null, null, null));
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return ("{\"type\":\"about:blank\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}

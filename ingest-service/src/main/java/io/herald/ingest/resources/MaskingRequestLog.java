package io.herald.ingest.resources;

import io.herald.schema.PiiMask;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP request log without recipients in clear: the one path that carries a recipient,
 * {@code /v1/suppressions/{recipient}}, is logged with the recipient masked by {@link PiiMask#recipient}
 * ({@code PUT /v1/suppressions/+47912****67}); every other request is logged as it was. Wraps the request log that
 * Dropwizard built from {@code server.requestLog}, keeping its format and appenders.
 */
public final class MaskingRequestLog implements RequestLog {

    /** The path prefix whose rest is a recipient (URL-encoded). */
    static final String SUPPRESSIONS = "/v1/suppressions/";

    private final RequestLog delegate;

    /** @param delegate the request log that writes the lines */
    public MaskingRequestLog(RequestLog delegate) {
        this.delegate = delegate;
    }

    /**
     * @return a listener that, as the Jetty server starts, wraps its request log (if it has one) in a
     *     {@code MaskingRequestLog}; for {@code environment.lifecycle().addEventListener}
     */
    public static LifeCycle.Listener installer() {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server && server.getRequestLog() != null
                        && !(server.getRequestLog() instanceof MaskingRequestLog)) {
                    server.setRequestLog(new MaskingRequestLog(server.getRequestLog()));
                }
            }
        };
    }

    @Override
    public void log(Request request, Response response) {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (path == null || !path.startsWith(SUPPRESSIONS)) {
            delegate.log(request, response);
            return;
        }
        HttpURI masked = HttpURI.build(uri).path(maskedPath(path));
        delegate.log(new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return masked;
            }
        }, response);
    }

    /**
     * @param path a path under {@value #SUPPRESSIONS}
     * @return the path with its recipient masked, e.g. {@code /v1/suppressions/+47912****67}
     */
    static String maskedPath(String path) {
        String recipient;
        try {
            recipient = URLDecoder.decode(path.substring(SUPPRESSIONS.length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            recipient = "";  // not valid URL encoding: mask it all
        }
        return SUPPRESSIONS + (recipient.isEmpty() ? "****" : PiiMask.recipient(recipient));
    }
}

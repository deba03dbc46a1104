package io.herald.ingest.resources;

import io.herald.ingest.core.InFlightBytes;
import io.herald.ingest.core.IngestBusyException;
import io.herald.ingest.core.PayloadTooLargeException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Bounds request bodies on the application port: one body may have at most {@code maxRequestSize} bytes (else 413
 * {@code payload-too-large}), and all bodies in progress together at most {@code maxInFlightBytes} (else 503
 * {@code ingest-busy} with {@code Retry-After}, at once: load is shed, not queued).
 *
 * <p>A body is counted as it is read, so a chunked body without {@code Content-Length} is bounded too; a declared
 * {@code Content-Length} is checked and taken from the budget at the first read, before any of it is parsed. The
 * errors are thrown from the body's stream, inside Jersey, whose mappers answer them with a problem; nothing of such a
 * request is written to Kafka. The bytes go back to the budget when the request ends, however it ends.
 *
 * <p>An error answered before its request's body was read to the end (a 413, a 503, a 401, a body Jackson stopped
 * reading at its first bad token) carries {@code Connection: close} (RFC 9112 §9.6). Jetty closes such a connection
 * after the answer when the rest of the body has not arrived yet; without the header, a client that pools connections
 * could send its next request on the closed one and get no answer at all.
 */
public final class RequestBodyLimitFilter implements Filter {

    private final long maxRequestSize;
    private final InFlightBytes inFlight;

    /**
     * @param maxRequestSize the largest body accepted, in bytes
     * @param inFlight the global budget of body bytes
     */
    public RequestBodyLimitFilter(long maxRequestSize, InFlightBytes inFlight) {
        this.maxRequestSize = maxRequestSize;
        this.inFlight = inFlight;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        LimitedRequest limited = new LimitedRequest(http);
        ServletResponse answer = response instanceof HttpServletResponse httpResponse
                ? new ClosingResponse(httpResponse, limited) : response;
        try {
            chain.doFilter(limited, answer);
        } finally {
            if (answer instanceof ClosingResponse closing) {
                closing.beforeCommit();
            }
            inFlight.release(limited.taken);
        }
    }

    /** Adds {@code Connection: close} to an error answer, before it is committed, if its request's body is not read. */
    private static final class ClosingResponse extends HttpServletResponseWrapper {
        private final LimitedRequest request;

        ClosingResponse(HttpServletResponse response, LimitedRequest request) {
            super(response);
            this.request = request;
        }

        void beforeCommit() {
            if (!isCommitted() && getStatus() >= 400 && request.bodyLeft()) {
                setHeader("Connection", "close");
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            beforeCommit();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            beforeCommit();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            beforeCommit();
            super.flushBuffer();
        }
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {
        private long taken;
        private long read;
        private boolean ended;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream());
            }
            return stream;
        }

        /**
         * @return whether part of the body may still be unread: fewer bytes read than {@code Content-Length} declared,
         *     or a chunked body not read to its end
         */
        boolean bodyLeft() {
            if (ended) {
                return false;
            }
            long declared = getContentLengthLong();
            return declared >= 0 ? read < declared : getHeader("Transfer-Encoding") != null;
        }

        /** Checks and takes the declared length once, then counts what is read beyond it. */
        private void count(long bytes) {
            if (read == 0 && taken == 0) {
                long declared = getContentLengthLong();
                if (declared > maxRequestSize) {
                    throw new PayloadTooLargeException(maxRequestSize);
                }
                if (declared > 0) {
                    take(declared);
                }
            }
            read += bytes;
            if (read > maxRequestSize) {
                throw new PayloadTooLargeException(maxRequestSize);
            }
            if (read > taken) {
                take(read - taken);
            }
        }

        private void take(long bytes) {
            if (!inFlight.tryAcquire(bytes)) {
                throw new IngestBusyException(inFlight.limit());
            }
            taken += bytes;
        }

        private final class LimitedStream extends ServletInputStream {
            private final ServletInputStream in;

            LimitedStream(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                count(0);
                int b = in.read();
                if (b >= 0) {
                    count(1);
                } else {
                    ended = true;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                count(0);
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                } else if (n < 0) {
                    ended = true;
                }
                return n;
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }

            @Override
            public int available() throws IOException {
                return in.available();
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        }
    }
}

package io.herald.ingest.auth;

import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.core.IngestException;
import java.util.Map;

/** No valid API key (401), with the {@code WWW-Authenticate: Bearer realm="…"} challenge of RFC 6750 §3. */
public final class UnauthorizedException extends IngestException {

    private final String realm;

    /**
     * @param realm the challenge's realm, e.g. {@code herald}
     * @param detail what is wrong with the credentials, for the client; never the key
     */
    public UnauthorizedException(String realm, String detail) {
        super(detail, null);
        this.realm = realm;
    }

    @Override
    public ErrorCode getCode() {
        return ErrorCode.UNAUTHORIZED;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
    }
}

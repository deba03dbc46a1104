package io.herald.smsc.push;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer of the FCM server, in the shape of Google APIs' errors (google.rpc.Status as JSON, per FCM HTTP v1
 * "Error codes"): {@code {"error":{"code":HTTP,"message":"...","status":"CANONICAL_CODE","details":[{"@type":
 * "type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"FCM_CODE"}]}}}, {@code details} only with an FCM
 * error code. Thrown by the request checks and written by {@link FcmServer}.
 */
final class FcmError extends Exception {

    private static final long serialVersionUID = 1L;
    private static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

    private final int httpStatus;
    private final String status;
    private final String errorCode;
    private final Integer retryAfterSeconds;

    private FcmError(int httpStatus, String status, String message, String errorCode, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return 400 INVALID_ARGUMENT, FCM error code INVALID_ARGUMENT: a malformed request */
    static FcmError invalidArgument(String message) {
        return new FcmError(400, "INVALID_ARGUMENT", message, "INVALID_ARGUMENT", null);
    }

    /** @return 401 UNAUTHENTICATED: no access token, or one this server did not issue or that expired */
    static FcmError unauthenticated(String message) {
        return new FcmError(401, "UNAUTHENTICATED", message, null, null);
    }

    /** @return 403 PERMISSION_DENIED: a token without the messaging scope, or another project */
    static FcmError permissionDenied(String message) {
        return new FcmError(403, "PERMISSION_DENIED", message, null, null);
    }

    /** @return 404 NOT_FOUND, FCM error code UNREGISTERED: the app instance is gone */
    static FcmError unregistered() {
        return new FcmError(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED", null);
    }

    /** @return 404 NOT_FOUND without FCM error code: no such resource */
    static FcmError notFound(String message) {
        return new FcmError(404, "NOT_FOUND", message, null, null);
    }

    /** @return 429 RESOURCE_EXHAUSTED, FCM error code QUOTA_EXCEEDED, with a Retry-After header */
    static FcmError quotaExceeded(int retryAfterSeconds) {
        return new FcmError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Send requests' of service "
                + "'fcm.googleapis.com'.", "QUOTA_EXCEEDED", retryAfterSeconds);
    }

    /** @return 503 UNAVAILABLE, FCM error code UNAVAILABLE */
    static FcmError unavailable() {
        return new FcmError(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE", null);
    }

    /** @return the HTTP status code */
    int httpStatus() {
        return httpStatus;
    }

    /** @return the Retry-After header's value in seconds, or null for none */
    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** @return the JSON body, as a map for Jackson */
    Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", httpStatus);
        error.put("message", getMessage());
        error.put("status", status);
        if (errorCode != null) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("@type", FCM_ERROR_TYPE);
            detail.put("errorCode", errorCode);
            error.put("details", List.of(detail));
        }
        return Map.of("error", error);
    }
}

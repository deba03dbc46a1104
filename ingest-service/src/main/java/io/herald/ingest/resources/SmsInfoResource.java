package io.herald.ingest.resources;

import io.dropwizard.auth.Auth;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.SmsTextInfo;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.core.InvalidRequestException;
import io.herald.sms.SmsEncoder;
import io.herald.sms.SmsInfo;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code POST /v1/sms-info}: a text's SMS encoding, length and segments, counted by {@link SmsEncoder} as a batch's
 * texts and {@code ./herald sms-info} are. The console calls it as its user types. Nothing is stored or sent.
 */
@Path("/v1/sms-info")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SmsInfoResource {

    private final int maxTextLength;

    /** @param maxTextLength the most characters (code points) a text may have, as a batch's {@code maxTextLength} */
    public SmsInfoResource(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    /**
     * @param client the authenticated client (401 without one)
     * @param request {@code {"text": "..."}}
     * @return 200 with the {@link SmsTextInfo}
     * @throws InvalidRequestException (400, pointer {@code /text}) if the text is missing or longer than
     *     {@code maxTextLength} characters
     */
    @POST
    public SmsTextInfo info(@Auth ApiClient client, SmsTextInfo.Request request) {
        String text = request == null ? null : request.text();
        if (text == null) {
            throw invalid("text is required");
        }
        int characters = text.codePointCount(0, text.length());
        if (characters > maxTextLength) {
            throw invalid("text has " + characters + " characters; at most " + maxTextLength);
        }
        SmsInfo info = SmsEncoder.info(text);
        return new SmsTextInfo(info.encoding().name(), characters, info.units(), info.segments());
    }

    private static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException("/text " + detail, List.of(new FieldError("/text", detail)));
    }
}

package io.herald.ingest.resources;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import io.herald.ingest.api.FieldError;
import io.herald.ingest.api.Suppression;
import io.herald.ingest.api.SuppressionRequest;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.core.ClientLimitException;
import io.herald.ingest.core.EmailAddress;
import io.herald.ingest.core.InvalidRequestException;
import io.herald.ingest.core.PhoneNumberNormalizer;
import io.herald.ingest.suppression.SuppressionStore;
import io.herald.schema.PiiMask;
import io.herald.schema.SuppressionEntry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/suppressions/{recipient}}: puts a recipient on the suppression (opt-out) list, or takes it off. The
 * dispatchers then complete every request to that recipient with the final state SUPPRESSED instead of sending it
 * (within 5 s of the answer, also for batches already running): every client's requests by default, only the
 * client's own with the dispatchers' {@code suppression.scope=client}.
 *
 * <p>Each client has its own entries ({@link io.herald.schema.SuppressionKeys}): a {@code DELETE} removes only the
 * calling client's entry, never another client's, an MO STOP's or an operator's (those only an operator removes, with
 * {@code herald suppressions remove}), so a recipient with such an entry stays suppressed. A client has at most
 * {@code maxSuppressionsPerClient} entries.
 *
 * <p>{@code recipient} is a phone number, normalized like a batch recipient ({@link PhoneNumberNormalizer}: E.164,
 * national numbers of the default region); in the URL a leading {@code +} may be written as is or as {@code %2B}. Or
 * it is an e-mail address (anything with an {@code @}), normalized like an e-mail batch's recipient
 * ({@link EmailAddress#normalize}: lower-cased), so that it matches that recipient's record key. An
 * invalid one is a 400 problem whose {@code errors} entry has the pointer {@value #RECIPIENT_POINTER}: path parameters
 * are addressed under {@code /path}, apart from body fields such as {@code /reason}.
 *
 * <p>{@code PUT} answers 200 with the entry written (or 429 over the client's limit), {@code DELETE} always 204
 * (idempotent), and {@code GET} tells whether the client has an entry (the ingest service keeps only the list's keys,
 * to count each client's entries, so it cannot show a reason). Every change is answered only after Kafka
 * acknowledged it ({@code acks=all}).
 */
@Path("/v1/suppressions/{recipient}")
public final class SuppressionResource {

    /** The JSON Pointer of the {@code recipient} path parameter in a problem's {@code errors}. */
    public static final String RECIPIENT_POINTER = "/path/recipient";
    /** The JSON Pointer of the body's {@code reason} in a problem's {@code errors}. */
    public static final String REASON_POINTER = "/reason";

    private static final Logger LOG = LoggerFactory.getLogger(SuppressionResource.class);

    private final PhoneNumberNormalizer normalizer;
    private final SuppressionStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxPerClient;

    /**
     * @param normalizer normalizes the recipient to E.164
     * @param store writes the changes to Kafka and counts each client's entries
     * @param json reads the optional body, with the API's rules ({@link io.herald.ingest.api.IngestJson})
     * @param clock gives the entry's time
     * @param maxPerClient the most entries one client may have ({@code maxSuppressionsPerClient})
     */
    public SuppressionResource(PhoneNumberNormalizer normalizer, SuppressionStore store, ObjectMapper json,
                               Clock clock, int maxPerClient) {
        this.normalizer = normalizer;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.maxPerClient = maxPerClient;
    }

    /**
     * {@code PUT /v1/suppressions/{recipient}}: adds the client's entry for the recipient (or replaces it).
     *
     * @param client the authenticated client (401 without one), the entry's owner
     * @param rawRecipient the path parameter, URL-decoded
     * @param body an empty body, or {@code {"reason": "..."}} (any or no Content-Type; JSON is read with the API's
     *     strict rules)
     * @return 200 with the {@link Suppression} written, once Kafka acknowledged it
     * @throws InvalidRequestException (400 problem) if the recipient is not a valid phone number, or the reason is
     *     longer than {@value SuppressionRequest#MAX_REASON_LENGTH} characters
     * @throws ClientLimitException (429 {@code limit-reached}) if the client has no entry for the recipient and
     *     already has {@code maxSuppressionsPerClient}
     * @throws io.herald.ingest.suppression.SuppressionListUnavailableException (503, {@code Retry-After}) if this
     *     instance has not read the list yet, so cannot count
     * @throws JsonProcessingException (400 problem) if the body is not a valid JSON object of that shape
     * @throws io.herald.ingest.core.PublishException (503 problem, {@code Retry-After}) if Kafka did not acknowledge
     */
    @PUT
    @Timed(name = "put")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@Auth ApiClient client, @PathParam("recipient") String rawRecipient, String body)
            throws JsonProcessingException {
        String recipient = normalize(rawRecipient);
        String reason = reason(body);
        if (!store.contains(client.clientId(), recipient) && store.count(client.clientId()) >= maxPerClient) {
            throw new ClientLimitException("this client already has " + maxPerClient
                    + " suppression entries, the most it may have; remove some first");
        }
        SuppressionEntry entry = new SuppressionEntry(recipient, SuppressionEntry.SOURCE_API, reason,
                clock.instant(), client.clientId());
        store.add(entry);
        LOG.info("Suppression added for {} by client {}", PiiMask.recipient(recipient), client.clientId());
        return Response.ok(Suppression.of(entry)).build();
    }

    /**
     * {@code GET /v1/suppressions/{recipient}}: whether the client has an entry for the recipient. Only the entry's
     * existence is known here (the ingest service keeps the list's keys); entries of other clients, MO STOPs and the
     * operator are not shown.
     *
     * @param client the authenticated client (401 without one)
     * @param rawRecipient the path parameter, URL-decoded
     * @return 200 with {@code {"recipient": "<normalized>", "suppressed": true|false}}
     * @throws InvalidRequestException (400 problem) if the recipient is not a valid phone number or e-mail address
     * @throws io.herald.ingest.suppression.SuppressionListUnavailableException (503, {@code Retry-After}) if this
     *     instance has not read the list yet
     */
    @GET
    @Timed(name = "get")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@Auth ApiClient client, @PathParam("recipient") String rawRecipient) {
        String recipient = normalize(rawRecipient);
        return Map.of("recipient", recipient, "suppressed", store.contains(client.clientId(), recipient));
    }

    /**
     * {@code DELETE /v1/suppressions/{recipient}}: removes the client's own entry for the recipient (a tombstone);
     * idempotent. Other entries for the recipient (another client's, an MO STOP's, an operator's) stay, and so may
     * still suppress it.
     *
     * @param client the authenticated client (401 without one), whose entry goes
     * @param rawRecipient the path parameter, URL-decoded
     * @return 204, once Kafka acknowledged the removal, whether or not the client had an entry
     * @throws InvalidRequestException (400 problem) if the recipient is not a valid phone number
     * @throws io.herald.ingest.core.PublishException (503 problem, {@code Retry-After}) if Kafka did not acknowledge
     */
    @DELETE
    @Timed(name = "delete")
    public Response delete(@Auth ApiClient client, @PathParam("recipient") String rawRecipient) {
        String recipient = normalize(rawRecipient);
        store.remove(client.clientId(), recipient);
        LOG.info("Suppression removed for {} by client {}", PiiMask.recipient(recipient), client.clientId());
        return Response.noContent().build();
    }

    private String normalize(String rawRecipient) {
        if (rawRecipient != null && rawRecipient.indexOf('@') >= 0) {
            EmailAddress.Result address = EmailAddress.normalize(rawRecipient);
            if (!address.isValid()) {
                throw new InvalidRequestException(RECIPIENT_POINTER + " " + address.reason(),
                        List.of(new FieldError(RECIPIENT_POINTER, address.reason())));
            }
            return address.address();
        }
        PhoneNumberNormalizer.Result result = normalizer.normalize(rawRecipient);
        if (!result.isValid()) {
            throw new InvalidRequestException(RECIPIENT_POINTER + " " + result.reason(),
                    List.of(new FieldError(RECIPIENT_POINTER, result.reason())));
        }
        return result.e164();
    }

    private String reason(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return null;
        }
        SuppressionRequest request = json.readValue(body, SuppressionRequest.class);
        if (request == null) {
            return null;
        }
        String reason = request.reason();
        if (reason != null && reason.length() > SuppressionRequest.MAX_REASON_LENGTH) {
            String detail = "at most " + SuppressionRequest.MAX_REASON_LENGTH + " characters";
            throw new InvalidRequestException(REASON_POINTER + " " + detail,
                    List.of(new FieldError(REASON_POINTER, detail)));
        }
        return reason == null || reason.isBlank() ? null : reason.strip();
    }
}

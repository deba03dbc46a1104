package io.herald.ingest.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code POST /v1/batches?dryRun=true}: what a send of the same body would do, without writing
 * anything.
 *
 * @param accepted recipients that would be written
 * @param segments SMS segments of the accepted messages in all (1 per e-mail or push)
 * @param rejected the recipients that would be refused, with their reasons, as in a 202
 * @param encodings SMS only: accepted messages per encoding ({@code GSM7}, {@code UCS2}), per 3GPP TS 23.038
 * @param countries accepted recipients and segments per destination country (ISO 3166-1 alpha-2, from the number;
 *     {@code ZZ} when unknown, and for e-mail and push), with the estimated cost where priced
 * @param suppressed indexes of accepted recipients on the suppression list (the client's or a shared entry), which
 *     the dispatcher would end SUPPRESSED instead of sending
 * @param preview the first {@value #PREVIEW} accepted messages as rendered
 * @param estimatedCost the cost of the priced segments, or null when the operator configured no prices
 */
public record BatchDryRun(int accepted, long segments, List<Rejection> rejected, Map<String, Integer> encodings,
                          List<CountryTotal> countries, List<Integer> suppressed, List<Preview> preview,
                          Cost estimatedCost) {

    /** How many rendered messages {@code preview} shows. */
    public static final int PREVIEW = 5;

    /**
     * @param country ISO 3166-1 alpha-2, or {@code ZZ}
     * @param recipients accepted recipients there
     * @param segments their segments
     * @param cost their estimated cost, or null where no price is configured
     */
    public record CountryTotal(String country, int recipients, long segments, BigDecimal cost) {
    }

    /**
     * @param index the recipient's index in the request
     * @param to the recipient as it would be written (E.164, or the lower-cased address)
     * @param text the rendered text (e-mail: the text body; push: the body)
     * @param subject e-mail: the rendered subject; else null
     * @param encoding SMS: {@code GSM7} or {@code UCS2}; else null
     * @param segments SMS segments (1 otherwise)
     */
    public record Preview(int index, String to, String text, String subject, String encoding, int segments) {
    }

    /**
     * @param currency ISO 4217, as {@code pricing.currency}
     * @param amount the sum over the priced segments
     * @param unpricedSegments segments to countries without a price, not in {@code amount}
     */
    public record Cost(String currency, BigDecimal amount, long unpricedSegments) {
    }
}

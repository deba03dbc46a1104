package io.herald.ingest.core;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.herald.ingest.api.BatchDryRun;
import io.herald.ingest.pricing.PricingFactory;
import io.herald.schema.Channel;
import io.herald.schema.NotificationRequest;
import io.herald.sms.SmsEncoder;
import io.herald.sms.SmsInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * What a send of a prepared batch would do ({@link BatchDryRun}): encodings and segments per message (the rules of
 * {@code ./herald sms-info}, {@link SmsEncoder}), totals and estimated cost per destination country, the recipients
 * the suppression list would stop, and a preview of the first rendered messages.
 */
public final class DryRunSummary {

    /** The country of a recipient without one: e-mail, push, or a number libphonenumber places nowhere. */
    public static final String NO_COUNTRY = "ZZ";

    private final PricingFactory pricing;
    private final BiPredicate<String, String> suppressed;

    /**
     * @param pricing the segment prices per country
     * @param suppressed (clientId, recipient) → whether the suppression list stops it (the client's entry or a
     *     shared one)
     */
    public DryRunSummary(PricingFactory pricing, BiPredicate<String, String> suppressed) {
        this.pricing = pricing;
        this.suppressed = suppressed;
    }

    /**
     * @param batch a batch as {@link BatchIngestor#dryRun} prepared it
     * @return the summary
     */
    public BatchDryRun summarize(PreparedBatch batch) {
        List<Integer> indexes = acceptedIndexes(batch);
        Map<String, Integer> encodings = new TreeMap<>();
        Map<String, long[]> byCountry = new TreeMap<>();
        List<Integer> stopped = new ArrayList<>();
        List<BatchDryRun.Preview> preview = new ArrayList<>();
        long segments = 0;
        for (int i = 0; i < batch.requests().size(); i++) {
            NotificationRequest request = batch.requests().get(i);
            SmsInfo sms = request.getChannel() == Channel.SMS ? SmsEncoder.info(request.getText()) : null;
            int messageSegments = sms == null ? 1 : sms.segments();
            segments += messageSegments;
            if (sms != null) {
                encodings.merge(sms.encoding().name(), 1, Integer::sum);
            }
            // {recipients, segments} of the recipient's country
            long[] totals = byCountry.computeIfAbsent(sms == null ? NO_COUNTRY : country(request.getRecipient()),
                    c -> new long[2]);
            totals[0]++;
            totals[1] += messageSegments;
            if (suppressed.test(request.getClientId(), request.getRecipient())) {
                stopped.add(indexes.get(i));
            }
            if (preview.size() < BatchDryRun.PREVIEW) {
                preview.add(new BatchDryRun.Preview(indexes.get(i), request.getRecipient(), request.getText(),
                        request.getSubject(), sms == null ? null : sms.encoding().name(), messageSegments));
            }
        }
        List<BatchDryRun.CountryTotal> countries = new ArrayList<>();
        byCountry.forEach((country, totals) -> countries.add(new BatchDryRun.CountryTotal(country, (int) totals[0],
                totals[1], pricing.smsSegmentPrice(country).map(price -> price.multiply(BigDecimal.valueOf(
                        totals[1]))).orElse(null))));
        return new BatchDryRun(batch.requests().size(), segments, batch.rejections(), encodings, countries, stopped,
                preview, cost(countries));
    }

    /** @return the sum of the priced countries' costs, or null when no price is configured */
    private BatchDryRun.Cost cost(List<BatchDryRun.CountryTotal> countries) {
        if (!pricing.isConfigured()) {
            return null;
        }
        BigDecimal amount = BigDecimal.ZERO;
        long unpriced = 0;
        for (BatchDryRun.CountryTotal country : countries) {
            if (country.cost() == null) {
                unpriced += country.segments();
            } else {
                amount = amount.add(country.cost());
            }
        }
        return new BatchDryRun.Cost(pricing.getCurrency(), amount, unpriced);
    }

    /** @return the region libphonenumber gives an E.164 number, or {@value #NO_COUNTRY} */
    static String country(String e164) {
        try {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            String region = util.getRegionCodeForNumber(util.parse(e164, null));
            return region == null ? NO_COUNTRY : region;
        } catch (NumberParseException e) {
            return NO_COUNTRY;
        }
    }

    /**
     * @param batch a prepared batch
     * @return the request index of each accepted recipient, in order: the recipients without a rejection
     */
    static List<Integer> acceptedIndexes(PreparedBatch batch) {
        List<Integer> indexes = new ArrayList<>(batch.requests().size());
        int index = 0;
        int nextRejection = 0;
        for (int i = 0; i < batch.requests().size(); i++) {
            while (nextRejection < batch.rejections().size()
                    && batch.rejections().get(nextRejection).index() == index) {
                nextRejection++;
                index++;
            }
            indexes.add(index++);
        }
        return indexes;
    }
}

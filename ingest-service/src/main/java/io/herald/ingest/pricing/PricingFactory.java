package io.herald.ingest.pricing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code pricing} block of the ingest configuration: what an SMS segment costs per destination country, for the
 * estimated cost of a dry run ({@code POST /v1/batches?dryRun=true}). Herald does not bill; the operator copies its
 * gateway's price list here.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code currency}</td><td>{@code EUR}</td><td>ISO 4217 code the prices are in (three capital
 *       letters).</td></tr>
 *   <tr><td>{@code smsPerSegment}</td><td>empty</td><td>ISO 3166-1 alpha-2 country code (as libphonenumber gives
 *       it for a number, e.g. {@code NO}) → price of one SMS segment there, a decimal number at least 0. Empty: a
 *       dry run estimates no cost. A country not listed is counted as unpriced.</td></tr>
 * </table>
 */
public class PricingFactory {

    @NotNull
    @Pattern(regexp = "[A-Z]{3}")
    private String currency = "EUR";

    @NotNull
    private Map<String, BigDecimal> smsPerSegment = new LinkedHashMap<>();

    /** @return whether every key is two capital letters and every price at least 0 (a startup check) */
    @JsonIgnore
    @ValidationMethod(message = "pricing.smsPerSegment: keys must be ISO 3166-1 alpha-2 codes (NO, SE, …) and prices "
            + "at least 0")
    public boolean isSmsPerSegmentValid() {
        return smsPerSegment.entrySet().stream().allMatch(entry -> entry.getKey() != null
                && entry.getKey().matches("[A-Z]{2}") && entry.getValue() != null && entry.getValue().signum() >= 0);
    }

    /**
     * @param country an ISO 3166-1 alpha-2 code, any case
     * @return the price of one SMS segment there, if configured
     */
    public Optional<BigDecimal> smsSegmentPrice(String country) {
        return country == null ? Optional.empty()
                : Optional.ofNullable(smsPerSegment.get(country.toUpperCase(Locale.ROOT)));
    }

    /** @return whether any price is configured */
    @JsonIgnore
    public boolean isConfigured() {
        return !smsPerSegment.isEmpty();
    }

    @JsonProperty
    public String getCurrency() {
        return currency;
    }

    @JsonProperty
    public void setCurrency(String currency) {
        this.currency = currency;
    }

    @JsonProperty
    public Map<String, BigDecimal> getSmsPerSegment() {
        return smsPerSegment;
    }

    @JsonProperty
    public void setSmsPerSegment(Map<String, BigDecimal> smsPerSegment) {
        this.smsPerSegment = smsPerSegment;
    }
}
